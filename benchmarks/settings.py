"""Samskap's own settings plus one trivial page (benchmarks/urls.py): the floor the pages
are measured against, served by the same gunicorn, middleware and login.

Database connections are kept as `samskap.settings.production` keeps them (60 s, checked
before reuse), pages and trivial view alike: issue 14 judges the pages as production
serves them. `DATABASE_CONN_MAX_AGE=0` (what `bench_pages` sets for its second row set)
opens a new PostgreSQL backend for every request instead."""

import os

from samskap.settings.base import *  # noqa: F403
from samskap.settings.base import DATABASES

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
