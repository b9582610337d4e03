"""English interface, Norwegian formats: "29.11.2026 16:57", not "11/29/2026 4:57 p.m."."""

from django.conf.locale.nb.formats import *  # noqa: F403
