"""Bad input gets a clear Norwegian message, never a 500, and changes nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.core.money import parse_amount


def test_unknown_url_is_a_norwegian_404(client_for):
    response = client_for("okonom").get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_malformed_login_form_is_answered_not_crashed(db):
    response = Client().post("/konto/logg-inn/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()


def test_missing_csrf_token_gets_a_norwegian_explanation(demo):
    client = Client(enforce_csrf_checks=True)
    audit_rows = AuditRecord.objects.count()
    response = client.post("/konto/logg-inn/", {"username": "okonom", "password": "samskap-demo"})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()
    assert AuditRecord.objects.count() == audit_rows


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1500", Decimal("1500.00")),
        ("1 500,50", Decimal("1500.50")),
        (" 0.01 ", Decimal("0.01")),
        ("10.50", Decimal("10.50")),
        ("10\u00a0000", Decimal("10000.00")),
        (Decimal("250.5"), Decimal("250.50")),
    ],
)
def test_amounts_parse_to_decimal_kroner(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["0", "-10", "12,345", "tusen", "NaN", "Infinity", "1e20", "1e3", "1_000", "", "10.000"],
)
def test_bad_amounts_are_refused(raw):
    with pytest.raises(DomainError):
        parse_amount(raw)


def test_float_never_becomes_money():
    with pytest.raises(TypeError):
        parse_amount(10.5)


def test_dotted_thousands_are_refused_with_a_hint():
    with pytest.raises(DomainError) as error:
        parse_amount("10.000")
    assert "10 000" in str(error.value.message)
