"""pain.001 files: bank-safe text, KID as a structured reference, the requested bank day,
the debtor as an argument, and one unwritable payment named rather than hidden."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import xmlschema
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from lxml import etree

from samskap.core.banktext import is_bank_text
from samskap.payments.pain001 import (
    NAMESPACE,
    SCHEMA_PATH,
    Debtor,
    UnwritablePayments,
    build_pain001,
    debtor_problems,
    payment_problems,
    validate_pain001,
)

SHARED_SCHEMA = SCHEMA_PATH.resolve().parents[5] / "shared" / "data" / "iso20022"
SCHEMA = xmlschema.XMLSchema(str(SCHEMA_PATH))
NS = {"p": NAMESPACE}
DEBTOR = Debtor(
    name="Bodø kommune", organisation_number="972418013", account="86011117947", bic="DNBANOKKXXX"
)


@dataclass
class Pay:
    end_to_end_id: str = "SAMSKAP-1-ABCD"
    amount: Decimal = Decimal("1200.50")
    creditor_name: str = "Kari Nordmann"
    creditor_account: str = "12345678903"
    remittance: str = "Støtte fra Samskap"
    kid: str = ""


def build(*payments, day=date(2025, 5, 19), debtor=DEBTOR):
    xml = build_pain001(
        message_id="SAMSKAP-20250517-ABC",
        payments=list(payments),
        requested_execution_date=day,
        debtor=debtor,
    )
    SCHEMA.validate(xml.decode())
    validate_pain001(xml)
    return etree.fromstring(xml)


def test_the_app_schema_is_the_shared_iso_schema():
    shared = SHARED_SCHEMA / "pain.001.001.03.xsd"
    if shared.exists():  # the app ships its own copy; it must not drift from the source
        assert shared.read_bytes() == SCHEMA_PATH.read_bytes()


def test_the_pasted_control_character_no_longer_breaks_the_file():
    tree = build(Pay(creditor_name="Ola\x02Syntetisk"))
    assert tree.findtext(".//p:Cdtr/p:Nm", namespaces=NS) == "OlaSyntetisk"


def test_a_cyrillic_name_is_transliterated_in_the_file():
    tree = build(Pay(creditor_name="Тарас Шевченко"))
    assert tree.findtext(".//p:Cdtr/p:Nm", namespaces=NS) == "Taras Shevchenko"


def test_an_82_character_name_is_cut_to_the_70_the_bank_takes():
    tree = build(Pay(creditor_name="Kari " + "N" * 77))
    assert len(tree.findtext(".//p:Cdtr/p:Nm", namespaces=NS)) == 70


def test_a_kid_is_a_structured_creditor_reference_not_free_text():
    tree = build(Pay(kid="202412345672", remittance="Faktura 77"))
    transfer = tree.find(".//p:CdtTrfTxInf", namespaces=NS)
    reference = transfer.find("p:RmtInf/p:Strd/p:CdtrRefInf", namespaces=NS)
    assert reference.findtext("p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "SCOR"
    assert reference.findtext("p:Ref", namespaces=NS) == "202412345672"
    assert transfer.find("p:RmtInf/p:Ustrd", namespaces=NS) is None


def test_a_kid_typed_with_spaces_is_written_without_them():
    tree = build(Pay(kid="2024 1234 5672"))
    assert tree.findtext(".//p:CdtrRefInf/p:Ref", namespaces=NS) == "202412345672"


def test_without_a_kid_the_message_is_free_text_in_the_bank_set():
    tree = build(Pay(remittance="Støtte – «førerkort» 😀"))
    assert tree.findtext(".//p:RmtInf/p:Ustrd", namespaces=NS) == "Støtte - 'førerkort'"


def test_an_empty_message_leaves_out_remittance_information():
    tree = build(Pay(remittance="\u200b "))
    assert tree.find(".//p:RmtInf", namespaces=NS) is None


def test_a_payment_without_a_kid_attribute_is_free_text():
    @dataclass
    class Plain:
        end_to_end_id: str = "SAMSKAP-2-ABCD"
        amount: Decimal = Decimal("10.00")
        creditor_name: str = "Ola"
        creditor_account: str = "15038010007"
        remittance: str = "Hei"

    assert build(Plain()).findtext(".//p:Ustrd", namespaces=NS) == "Hei"


def test_the_requested_execution_date_is_the_one_given():
    tree = build(Pay(), day=date(2025, 5, 19))
    assert tree.findtext(".//p:ReqdExctnDt", namespaces=NS) == "2025-05-19"


def test_the_debtor_is_the_one_given():
    tree = build(Pay())
    assert tree.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Bodø kommune"
    assert tree.findtext(".//p:InitgPty/p:Nm", namespaces=NS) == "Bodø kommune"
    assert tree.findtext(".//p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == "86011117947"
    assert tree.findtext(".//p:Dbtr/p:Id/p:OrgId/p:Othr/p:Id", namespaces=NS) == "972418013"
    assert tree.findtext(".//p:DbtrAgt/p:FinInstnId/p:BIC", namespaces=NS) == "DNBANOKKXXX"


def test_a_bad_debtor_is_described():
    with translation.override("nb"):
        problems = debtor_problems(Debtor("\u200b", "123", "86011117940", "not a bic"))
    assert len(problems) == 4


def test_the_mistyped_kid_is_a_payment_problem_in_norwegian():
    with translation.override("nb"):
        problems = payment_problems(Pay(kid="202412345673"), debtor_account=DEBTOR.account)
    assert len(problems) == 1 and "kontrollsiffer" in problems[0].lower()


@pytest.mark.parametrize(
    ("changes", "count"),
    [
        ({}, 0),
        ({"creditor_account": "12345678900"}, 1),  # wrong check digit
        ({"creditor_account": "1234.56.78903"}, 1),  # formatted, not 11 digits
        ({"creditor_account": ""}, 1),
        ({"creditor_name": "😀 \u200d"}, 1),  # nothing left after mapping
        ({"creditor_name": ""}, 1),
        ({"kid": "1"}, 1),
        ({"amount": Decimal("0")}, 1),
        ({"amount": Decimal("-5")}, 1),
        ({"amount": Decimal("10.005")}, 1),
        ({"amount": Decimal("10000000.00")}, 1),
        ({"amount": Decimal("NaN")}, 1),
        ({"amount": "tolv"}, 1),
        ({"end_to_end_id": "x" * 36}, 1),
        ({"end_to_end_id": ""}, 1),
        ({"creditor_account": "1", "creditor_name": "", "amount": Decimal("0")}, 3),
        ({"creditor_account": DEBTOR.account}, 1),  # the programme's own paying account
    ],
)
def test_payment_problems_names_each_reason(changes, count):
    assert len(payment_problems(Pay(**changes), debtor_account=DEBTOR.account)) == count


def test_a_payment_to_the_paying_account_itself_is_a_problem_in_norwegian():
    with translation.override("nb"):
        problems = payment_problems(
            Pay(creditor_account="86011117947"), debtor_account="86011117947"
        )
    assert problems == [
        "Mottakerens konto er programmets egen utbetalingskonto: banken ville betalt "
        "pengene tilbake til kommunen."
    ]
    # Another municipality's paying account is an ordinary payee account.
    assert payment_problems(Pay(creditor_account="86011117947"), debtor_account="15038010007") == []


def test_the_file_refuses_a_payment_to_its_own_debtor_account():
    with pytest.raises(UnwritablePayments) as refused:
        build(Pay(end_to_end_id="SAMSKAP-9-SELF", creditor_account=DEBTOR.account))
    assert list(refused.value.problems) == ["SAMSKAP-9-SELF"]


def test_a_file_is_refused_whole_when_given_a_payment_it_cannot_write():
    good, bad = Pay(), Pay(end_to_end_id="SAMSKAP-2-BAD", kid="202412345673")
    with pytest.raises(UnwritablePayments) as refused:
        build_pain001(
            message_id="M",
            payments=[good, bad],
            requested_execution_date=date.today(),
            debtor=DEBTOR,
        )
    assert list(refused.value.problems) == ["SAMSKAP-2-BAD"]


def test_many_payments_add_up():
    payments = [
        Pay(end_to_end_id=f"SAMSKAP-{n}-X", amount=Decimal("0.01") * n) for n in range(1, 6)
    ]
    tree = build(*payments)
    assert tree.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "5"
    assert tree.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "0.15"
    assert tree.findtext(".//p:PmtInf/p:CtrlSum", namespaces=NS) == "0.15"


any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=160)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)


@examples(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(any_text, any_text, amounts)
def test_any_writable_payment_gives_a_schema_valid_bank_safe_file(name, message, amount):
    payment = Pay(creditor_name=name, remittance=message, amount=amount)
    if payment_problems(payment, debtor_account=DEBTOR.account):
        return
    tree = build(payment)
    for element in tree.iter():
        if element.text and element.text.strip():
            assert is_bank_text(element.text.strip()) or element.tag.endswith("CreDtTm")
