"""The account-number hint said "e.g. 1234.56.78903", the account of a demo family. The
example in every hint is a valid MOD11 number that belongs to nobody in the demo."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models
from django.urls import reverse
from stdnum.no import kontonr

from samskap.core.forms import ACCOUNT_EXAMPLE
from samskap.people.models import Household

SRC = Path(__file__).resolve().parents[2] / "src" / "samskap"
GROUPED_ACCOUNT = re.compile(r"\b\d{4}[ .]\d{2}[ .]\d{5}\b")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def test_the_example_is_a_valid_account_of_nobody_in_the_demo(demo):
    assert kontonr.is_valid(ACCOUNT_EXAMPLE)
    stored = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField) and "account" in field.name:
                stored.update(_digits(v) for v in model.objects.values_list(field.name, flat=True))
    assert "12345678903" in stored  # the old example: a demo family's account
    assert _digits(ACCOUNT_EXAMPLE) not in stored


def test_no_other_account_example_is_left_in_a_template_or_catalogue():
    found = {}
    for path in [*SRC.rglob("*.html"), *SRC.rglob("*.po")]:
        for match in GROUPED_ACCOUNT.findall(path.read_text(encoding="utf-8")):
            found.setdefault(match, []).append(path.name)
    assert set(found) <= {ACCOUNT_EXAMPLE}, found


def test_every_form_with_an_account_field_shows_the_example(client_for, demo):
    household = Household.objects.filter(
        enrolments__subproject=demo["subprojects"]["Veien til førerkortet"]
    ).first()
    pages = [
        ("kontakt", reverse("people:create")),
        ("okonom", reverse("payments:debtor")),
        ("kontakt", reverse("people:bank_account", args=[household.pk])),
    ]
    for user, url in pages:
        html = client_for(user).get(url).content.decode()
        assert f"for eksempel {ACCOUNT_EXAMPLE}" in html, url
        assert "1234.56.78903" not in html
