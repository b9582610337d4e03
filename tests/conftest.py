"""Shared fixtures: the demo programme and logged-in clients per demo role."""

import pytest
from django.test import Client

from samskap.core.demo import load_demo


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
