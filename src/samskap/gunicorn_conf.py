"""gunicorn's settings: `gunicorn -c python:samskap.gunicorn_conf samskap.wsgi`.

The number of workers comes from Django's settings (`SAMSKAP_WEB_WORKERS`), so one
place decides it; see docs/deployment.md."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings.production")

from django.conf import settings  # read after the settings module is chosen

bind = os.environ.get("SAMSKAP_BIND", "127.0.0.1:8000")
workers = settings.SAMSKAP_WEB_WORKERS
# Pages answer in well under a second; a worker stuck longer than this is restarted.
timeout = 60
accesslog = "-"
