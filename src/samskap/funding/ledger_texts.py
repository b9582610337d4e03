"""The texts Samskap itself writes on ledger postings, stored as fixed codes and shown in
the reader's language.

A posting is never edited, so its stored reason must not depend on who happened to be
logged in with which language: the services store the fixed form (`ledger_reason`, e.g.
"Support #12"), and pages and exports show `render_reason(...)` ("Støtte, søknad #12" in
bokmål). Reasons typed by people (allocations, carry-overs, corrections) are shown as typed.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LedgerText:
    stored: str  # str.format form kept in the database; never translated, never changed
    shown: Promise  # gettext form with the same named parameters

    @property
    def pattern(self) -> re.Pattern:
        parts = re.split(r"\{(\w+)\}", self.stored)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>{PARAMETERS.get(part, '.+?')})"
            for index, part in enumerate(parts)
        )
        return re.compile(regex, re.DOTALL)


# What a parameter can be, so a reason a person typed ("Support #12 paid twice") is never
# taken for one Samskap wrote ("Support #{request}"): numbers and ids have no spaces.
PARAMETERS = {"request": r"\d+", "payment": r"\S+", "batch": r"\S+"}

TEXTS = {
    "support": LedgerText("Support #{request}", _("Support, request #%(request)s")),
    "support_cancelled": LedgerText(
        "Support #{request} cancelled", _("Support, request #%(request)s cancelled")
    ),
    "support_repaid": LedgerText(
        "Support #{request} repaid", _("Support, request #%(request)s, repaid")
    ),
    "payment": LedgerText("Payment {payment}", _("Payment %(payment)s")),
    "payment_returned": LedgerText(
        "Returned payment {payment}", _("Payment %(payment)s returned by the bank")
    ),
    "payment_cancelled": LedgerText(
        "Cancelled payment {payment}", _("Payment %(payment)s cancelled")
    ),
    "file_withdrawn": LedgerText("Withdrawn file {batch}", _("Payment file %(batch)s withdrawn")),
    "receipt": LedgerText(
        "Received from {scheme}, ref. {reference}",
        _("Received from %(scheme)s, ref. %(reference)s"),
    ),
}


# "Support #12 cancelled" also fits "Support #{request}" (request = "12 cancelled"):
# the texts with more fixed words are tried first.
_MOST_SPECIFIC_FIRST = sorted(
    TEXTS.values(), key=lambda text: len(re.sub(r"\{\w+\}", "", text.stored)), reverse=True
)
# Each text's pattern, built once (a budget page renders 50 reasons).
_PATTERNS = [(text.pattern, text.shown) for text in _MOST_SPECIFIC_FIRST]


def ledger_reason(code: str, **params) -> str:
    """The fixed text to store for a posting Samskap writes itself."""
    return TEXTS[code].stored.format(**params)


def render_reason(stored: str) -> str:
    """A stored reason in the current language: a known code is translated, anything else
    (what a person typed) is shown unchanged."""
    for pattern, shown in _PATTERNS:
        match = pattern.fullmatch(stored)
        if match:
            return str(shown) % match.groupdict()
    return stored
