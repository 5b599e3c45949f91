"""Our app folder requests/ shadows the PyPI library "requests" in the product's process.

These fail the day a runtime dependency starts to need that library.
"""

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _runtime_requirements() -> list[Requirement]:
    text = (ROOT / "requirements.txt").read_text().split("# Tests and tooling")[0]
    return [Requirement(line.split("#")[0]) for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def _dependency_closure(requirements: list[Requirement]) -> dict[str, str]:
    """name -> the runtime requirement through which it is installed."""
    seen: dict[str, str] = {}
    pending = [(requirement, requirement.name) for requirement in requirements]
    while pending:
        requirement, root = pending.pop()
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if name in seen:
            continue
        seen[name] = root
        for line in metadata.requires(requirement.name) or []:
            dependency = Requirement(line)
            extras = requirement.extras | {""}
            if dependency.marker is None or any(
                dependency.marker.evaluate({"extra": extra}) for extra in extras
            ):
                pending.append((dependency, root))
    return seen


def test_no_runtime_dependency_needs_the_pypi_requests_library():
    closure = _dependency_closure(_runtime_requirements())
    assert "django" in closure and "pyhanko" in closure  # the walk really walked
    assert "requests" not in closure, (
        f"{closure.get('requests')} now pulls in PyPI 'requests', which our app folder "
        "requests/ shadows at run time"
    )


def test_the_running_product_imports_our_requests_app_not_the_library():
    script = (
        "import django, sys; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import requests; print(requests.__file__)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == str(ROOT / "requests" / "__init__.py")
