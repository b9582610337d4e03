"""Samskap's own settings plus one trivial page (benchmarks/urls.py): the floor the pages
are measured against, served by the same gunicorn, middleware and login."""

from samskap.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
