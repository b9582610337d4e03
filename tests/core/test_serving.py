"""gunicorn serves Samskap with the number of workers Django's settings give."""

import importlib

from django.test import override_settings


def test_gunicorn_takes_its_workers_from_the_settings():
    import gunicorn  # noqa: F401 - pinned and installed with Samskap

    with override_settings(SAMSKAP_WEB_WORKERS=7):
        conf = importlib.reload(importlib.import_module("samskap.gunicorn_conf"))
        assert conf.workers == 7
    assert conf.bind == "127.0.0.1:8000"
