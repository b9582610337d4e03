"""Shared fixtures: the demo programme and logged-in clients per demo role."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from samskap.core.demo import load_demo


def pytest_configure(config):
    # Assertions read the Norwegian interface, so compile the catalogues as they are now.
    os.chdir(Path(__file__).resolve().parents[1] / "src" / "samskap")
    try:
        call_command("compilemessages", verbosity=0)
    finally:
        os.chdir(config.rootpath)


@pytest.fixture
def demo(db):
    """The full Trondheim demo, loaded through the services like a real start."""
    return load_demo()


@pytest.fixture
def client_for(demo):
    """client_for("kontakt") -> a Django test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo["users"][username])
        return client

    return make
