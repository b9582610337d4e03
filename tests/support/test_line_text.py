"""A request's lines reach the bank file: their text is bank-safe and a KID is checked."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from lxml import etree

from samskap.core.errors import DomainError
from samskap.payments import services as payment_services
from samskap.payments.pain001 import NAMESPACE
from samskap.support import services
from samskap.support.models import SupportLine, SupportRequest
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    decide,
    fund,
    household,
    request,
    set_limits,
)

KID = "202412345672"
MISTYPED_KID = "202412345673"
SUPPLIER_ACCOUNT = "12345678903"


@pytest.fixture
def letter(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    return confirmed_letter(demo, household(demo))


def purchase(**overrides):
    data = {
        "form": "purchase",
        "description": "Seng",
        "amount": "2000",
        "supplier_name": "Møbelbutikken AS",
        "supplier_account": SUPPLIER_ACCOUNT,
    }
    data.update(overrides)
    return services.LineInput(**data)


def propose(demo, letter, *lines):
    return services.support_request_create(
        acting_user=demo["users"]["kontakt"], letter=letter, lines=list(lines)
    )


def refused(demo, letter, line) -> DomainError:
    with translation.override("nb"), pytest.raises(DomainError) as error:
        propose(demo, letter, line)
    assert not SupportRequest.objects.filter(letter=letter).exists()
    return error.value


def test_an_invoice_line_carries_its_kid(demo, letter):
    support = propose(demo, letter, purchase(kid=KID))
    assert support.lines.get().kid == KID


def test_a_kid_typed_in_groups_is_stored_without_spaces(demo, letter):
    support = propose(demo, letter, purchase(kid="2024 1234 5672"))
    assert support.lines.get().kid == KID


def test_a_mistyped_kid_is_refused_with_a_message(demo, letter):
    error = refused(demo, letter, purchase(kid=MISTYPED_KID))
    assert error.field == "kid"
    assert "kontrollsifferet" in error.message.lower()


@pytest.mark.parametrize("kid", ["2024ABC5672", "1", "1" * 26, "20241234567-2"])
def test_other_bad_kids_are_refused(demo, letter, kid):
    assert refused(demo, letter, purchase(kid=kid)).field == "kid"


def test_a_kid_on_money_to_the_household_is_refused(demo, letter):
    error = refused(demo, letter, purchase(form="cash", kid=KID))
    assert error.field == "kid"
    assert "faktura" in error.message


def test_a_kid_and_a_message_together_are_refused(demo, letter):
    error = refused(demo, letter, purchase(kid=KID, invoice_reference="Faktura 77"))
    assert error.field == "invoice_reference"


BAD_TEXT = {
    "control character": "Seng\x02",
    "zero-width space": "Se\u200bng",
    "bidi override": "\u202eSeng",
    "tab": "Seng\tog madrass",
    "line break": "Seng\nog madrass",
    "emoji": "Seng \U0001f6cf",
}


@pytest.mark.parametrize("field", ["description", "supplier_name", "invoice_reference"])
@pytest.mark.parametrize("value", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_every_text_of_a_line_refuses_what_the_bank_cannot_take(demo, letter, field, value):
    error = refused(demo, letter, purchase(**{field: value}))
    assert error.field == field
    assert "tegn nr." in error.message


@pytest.mark.parametrize(
    ("field", "limit"), [("description", 140), ("supplier_name", 70), ("invoice_reference", 35)]
)
def test_line_text_is_limited_to_what_the_file_takes(demo, letter, field, limit):
    error = refused(demo, letter, purchase(**{field: "x" * (limit + 1)}))
    assert error.field == field
    assert str(limit) in error.message


def test_text_in_other_scripts_is_stored_as_typed(demo, letter):
    support = propose(demo, letter, purchase(supplier_name="Ελένη Μεταφορές", description="Ліжко"))
    line = support.lines.get()
    assert (line.supplier_name, line.description) == ("Ελένη Μεταφορές", "Ліжко")


def test_the_database_refuses_a_kid_without_an_invoice(demo, letter):
    line = propose(demo, letter, purchase(kid=KID)).lines.get()
    for change in [{"form": "cash"}, {"kid": "12A"}, {"invoice_reference": "Faktura 77"}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            SupportLine.objects.filter(pk=line.pk).update(**change)


def test_the_kid_error_is_shown_on_its_field(demo, client_for, letter):
    response = client_for("kontakt").post(
        reverse("support:request_create", args=[letter.pk]),
        {
            "line-TOTAL_FORMS": "3",
            "line-INITIAL_FORMS": "0",
            "line-MIN_NUM_FORMS": "1",
            "line-MAX_NUM_FORMS": "10",
            "line-0-form": "purchase",
            "line-0-description": "Seng",
            "line-0-amount": "2000",
            "line-0-supplier_name": "Møbelbutikken",
            "line-0-supplier_account": SUPPLIER_ACCOUNT,
            "line-0-kid": MISTYPED_KID,
            "help-TOTAL_FORMS": "2",
            "help-INITIAL_FORMS": "0",
            "help-MIN_NUM_FORMS": "0",
            "help-MAX_NUM_FORMS": "10",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_line-0-kid_error"' in html
    assert "Kontrollsifferet i KID" in html
    assert not SupportRequest.objects.filter(letter=letter).exists()


def test_the_kid_goes_to_the_bank_as_a_structured_reference(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    support = request(
        demo,
        amount="3000",
        form="purchase",
        supplier_name="Trafikkskolen AS",
        supplier_account=SUPPLIER_ACCOUNT,
        kid="2024 1234 5672",
    )
    decide(demo, [support])
    payment = support.lines.get().payments.get()
    assert payment.kid == KID
    batch = payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    ns = {"p": NAMESPACE}
    document = etree.fromstring(batch.xml.encode())
    (transfer,) = document.xpath(
        "//p:CdtTrfTxInf[p:PmtId/p:EndToEndId=$id]", namespaces=ns, id=payment.end_to_end_id
    )
    assert transfer.xpath("p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref/text()", namespaces=ns) == [KID]
    assert transfer.xpath(
        "p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Cd/text()", namespaces=ns
    ) == ["SCOR"]
    assert transfer.xpath("p:RmtInf/p:Ustrd", namespaces=ns) == []
