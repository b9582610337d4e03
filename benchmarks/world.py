"""The databases the benchmarks run on: one migrated template, a fresh copy per topic.

Only on a throwaway PostgreSQL server on the loopback (scripts/with-postgres.sh): the
runner creates its databases itself and stops if one of them already exists, so it never
touches a database it did not make.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg

TEMPLATE = "samskap_bench_template"
# The `medium` data (benchmarks/data.py `medium`), built once per run by the first topic
# that asks for it (`DATA = "medium"` in its module), copied for each such topic.
MEDIUM = "samskap_bench_medium"


def _url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin() -> psycopg.Connection:
    return psycopg.connect(_url("postgres"), autocommit=True)


def _check_throwaway() -> None:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres") or parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(
            "make bench runs on a throwaway PostgreSQL server on this machine: "
            "scripts/with-postgres.sh .venv/bin/python -m benchmarks"
        )


def _create(name: str, template: str | None = None) -> None:
    with _admin() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            raise SystemExit(f"Database {name} already exists: the benchmarks only use their own.")
        suffix = f" TEMPLATE {template}" if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{suffix}')


def create_template() -> None:
    """Migrate an empty database once; every topic starts from a copy of it."""
    _check_throwaway()
    _create(TEMPLATE)
    os.environ["DATABASE_URL"] = _url(TEMPLATE)
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", verbosity=0)
    connections.close_all()


class Bench:
    """What a topic's `run(bench)` gets: its own fresh database and the run's options."""

    def __init__(self, *, topic: str, quick: bool, data: str | None = None):
        from django.db import connections

        self.topic = topic
        self.quick = quick
        self.database = f"bench_{topic}"
        self.notes: list[str] = []
        template = TEMPLATE
        if data == "medium":
            self.notes = _medium_template(quick)
            template = MEDIUM
        _create(self.database, template=template)
        self.database_url = _url(self.database)
        connections.close_all()
        for alias in connections:
            connections[alias].settings_dict["NAME"] = self.database
        self._cleanups: list = []

    def size(self, full: int, quick: int) -> int:
        """The issue's size, or a small one for a smoke run (--quick)."""
        return quick if self.quick else full

    def demo(self) -> dict:
        """The Trondheim demo, loaded through its services (users, sub-projects, money)."""
        from samskap.web.demo import load_demo

        return load_demo()

    def on_close(self, function) -> None:
        """Call `function()` when the topic ends (stop a server, remove a file)."""
        self._cleanups.append(function)

    def close(self) -> None:
        from django.db import connections

        for function in reversed(self._cleanups):
            try:
                function()
            except Exception as error:  # cleaning up must go on
                print(f"cleanup failed: {error}")
        connections.close_all()
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        # Between topics Django talks to the server's own database (for the machine report).
        for alias in connections:
            connections[alias].settings_dict["NAME"] = "postgres"


_medium_notes: list[str] = []


def _point_at(name: str) -> None:
    from django.db import connections

    connections.close_all()
    for alias in connections:
        connections[alias].settings_dict["NAME"] = name


def _medium_template(quick: bool) -> list[str]:
    """Build the medium data once into its own database (later topics copy it)."""
    from django.db import connections

    with _admin() as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [MEDIUM]).fetchone():
            return _medium_notes
    _create(MEDIUM, template=TEMPLATE)
    _point_at(MEDIUM)
    from benchmarks import data
    from samskap.web.demo import load_demo

    _medium_notes.extend(data.medium(load_demo(), quick=quick))
    # The state autovacuum gives a real database a while after a load: fresh planner
    # statistics (right after the bulk load PostgreSQL plans without them; the household
    # list's DISTINCT form took 642 ms of SQL before autoanalyze and 220 ms after) and a
    # visibility map, which lets an index-only scan skip the table (PostgreSQL 13+ vacuums
    # after inserts too). With ANALYZE alone, the budget page's probe of the legs' index
    # fetched 8,855 table rows to answer 50 (2026-12-01).
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connections.close_all()
    return _medium_notes


def drop_medium() -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{MEDIUM}" WITH (FORCE)')
