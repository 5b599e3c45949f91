"""Every string the product shows has Arabic and Russian, and the compiled catalogues
are the ones the .po files say."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["approvals", "requests", "workflows", "documents", "config", "templates", "locale"]


def _statistics(po: Path) -> str:
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True, text=True, check=True,
    )
    return result.stderr


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """makemessages run on a copy of the code, as `make messages` would."""
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "-l", "ru", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_every_string_of_the_code_is_translated(fresh_catalogues, language):
    statistics = _statistics(fresh_catalogues / language / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in statistics and "fuzzy" not in statistics, (
        f"{language}: {statistics.strip()} - run `make messages` and translate"
    )


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_the_compiled_catalogue_matches_its_source(tmp_path, language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    subprocess.run(  # noqa: S603
        ["msgfmt", "-o", str(tmp_path / "django.mo"), str(folder / "django.po")],  # noqa: S607
        check=True,
    )
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), (
        "run `make messages` to recompile"
    )


def test_viewflow_strings_have_arabic():
    statistics = _statistics(ROOT / "locale_viewflow" / "ar" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in statistics and "fuzzy" not in statistics
