"""Production settings: secure defaults that pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

POSTGRES_URL = "postgres://samskap@db.internal:5432/samskap"
PRODUCTION_HOST = "samskap.trondheim.kommune.no"
ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe ORM calls in their own process only; the
    # database and the key come from each test, never from the test run's own environment.
    skip = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "samskap.settings.production"
    return subprocess.run(
        [sys.executable, "-m", "samskap.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_a_real_secret_on_postgresql():
    result = run_check(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": PRODUCTION_HOST,
            "DATABASE_URL": POSTGRES_URL,
        }
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret():
    result = run_check({"ALLOWED_HOSTS": PRODUCTION_HOST, "DATABASE_URL": POSTGRES_URL})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("database_url", [None, "sqlite:////tmp/samskap-production.sqlite3"])
def test_production_refuses_anything_but_postgresql(database_url):
    overrides = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": PRODUCTION_HOST}
    if database_url:
        overrides["DATABASE_URL"] = database_url
    result = run_check(overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PostgreSQL" in result.stderr


def _production_database_setting(
    env_overrides: dict[str, str], show: str = "d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']"
) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_CONN_MAX_AGE", "DATABASE_PREPARE_THRESHOLD")
    }
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": POSTGRES_URL,
            "DJANGO_SETTINGS_MODULE": "samskap.settings.production",
            **env_overrides,
        }
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"d = settings.DATABASES['default']; print({show})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,  # benchmarks/ is a package at the repository's root
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_each_workers_connection_and_checks_it_before_reuse():
    """Issue 14: a new PostgreSQL backend per request cost 7-12 ms of the server's CPU."""
    assert _production_database_setting({}) == "60 True"
    assert _production_database_setting({"DATABASE_CONN_MAX_AGE": "0"}) == "0 True"


def test_postgresql_prepares_what_a_connection_runs_again():
    """Issue 14: planning was 1.4-6.4 ms of each page; a kept connection plans once.
    A pooler that cannot keep prepared statements turns it off."""
    show = "d['OPTIONS']['server_side_binding'], d['OPTIONS']['prepare_threshold']"
    assert _production_database_setting({}, show) == "True 5"
    off = {"DATABASE_PREPARE_THRESHOLD": "off"}
    assert _production_database_setting(off, show) == "True None"


def test_the_benchmark_serves_pages_with_productions_connections():
    """Issue 14 judges the pages as production serves them: benchmarks/serve.py's
    settings keep connections as samskap.settings.production does; 0 stays possible."""
    bench = {"DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    assert _production_database_setting(bench) == _production_database_setting({})
    assert _production_database_setting({**bench, "DATABASE_CONN_MAX_AGE": "0"}) == "0 True"


def test_the_demo_database_checks_without_warnings(tmp_path):
    """SQLite (the demo's embedded default) has no index `include` columns: Django's W040
    said so on every `make demo` (the new-user trial). It is silenced there only."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "samskap.manage", "check"),
            *("--database", "default", "--fail-level", "WARNING"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "W040" not in result.stderr + result.stdout
