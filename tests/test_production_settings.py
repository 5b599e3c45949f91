import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_check():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-test-9f8e7d6c5b4a3210-zyxwvutsrq",
        "DJANGO_ALLOWED_HOSTS": "returns.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/returns",
        "DOCUMENTS_CA_PASSPHRASE": "ca-passphrase", "DOCUMENTS_SERVICE_PASSPHRASE": "service",
        "PERSONAL_DATA_KEYS": "a2V5LWZvci10aGUtZGVwbG95LWNoZWNrLW9ubHktMzI=",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_switches_to_postgresql_with_persistent_checked_connections():
    script = ("from django.conf import settings; d = settings.DATABASES['default'];"
              "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/returns"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert "django.db.backends.postgresql 60 True" in result.stdout


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
