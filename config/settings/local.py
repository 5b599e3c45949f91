"""Running on a developer's or demo machine: `make run`."""

from .base import *  # noqa: F403

DEBUG = True
