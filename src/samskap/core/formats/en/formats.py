"""English interface, Norwegian formats: "29.11.2026 16:57", not "11/29/2026 4:57 p.m.".

Only the long date drops the Norwegian ordinal dot, which reads wrong beside an English
month name ("30 November 2026", not "30. November 2026")."""

from django.conf.locale.nb.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
