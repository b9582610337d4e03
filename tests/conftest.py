"""Shared fixtures: the demo programme and logged-in clients per demo role."""

import gettext as gettext_module
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from samskap.web.demo import load_demo
from tests.page_links import check_summary_links

pytest_plugins = ["tests.browser.fixtures"]


def pytest_configure(config):
    # Assertions read the Norwegian interface, so compile the catalogues as they are now.
    os.chdir(Path(__file__).resolve().parents[1] / "src" / "samskap")
    try:
        call_command("compilemessages", verbosity=0)
    finally:
        os.chdir(config.rootpath)
    # Django may have read the old catalogues while it was set up: drop every cached copy.
    gettext_module._translations.clear()
    trans_real._translations.clear()
    trans_real._default = None


def pytest_collection_modifyitems(config, items):
    """Run each test only on the database it is about; deselect (never skip) the rest.

    SQLite cannot host the browser tests: the live server's flush hits the append-only
    triggers that PostgreSQL lets the table owner bypass with TRUNCATE.
    """
    vendor = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    foreign = {"sqlite"} if vendor == "postgresql" else {"postgres", "browser"}
    kept, deselected = [], []
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        marks = {mark.name for mark in item.iter_markers()}
        (deselected if marks & foreign else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once into the test database; each test then rolls back to it.

    Transactional tests (browser, concurrency) flush the tables afterwards; pytest-django
    runs them after the others, and they load the demo again themselves.
    """
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db):
    """The full Trondheim demo (its steps find the session's data and return it)."""
    return load_demo()


@pytest.fixture(autouse=True, scope="session")
def _summary_links_resolve():
    """Every page a test client gets: its error summary links to ids in the page."""
    request = Client.request

    def checked(self, **kwargs):
        response = request(self, **kwargs)
        check_summary_links(response)
        return response

    Client.request = checked
    yield
    Client.request = request


@pytest.fixture
def client_for(demo):
    """client_for("kontakt") -> a Django test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo["users"][username])
        return client

    return make
