"""Celery application: workers run `celery -A config worker` (and `beat` for the timer sweep)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("returns")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
