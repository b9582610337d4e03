"""One programme bank account per municipality, registered by its economist."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.payments import services
from samskap.payments.models import DebtorAccount

GOOD = {
    "name": "Bamble kommune",
    "organisation_number": "964963193",
    "account": "1234 56 78903",
    "bic": "dnbanokkxxx",
}


def test_economist_registers_and_changes_the_account_audited(stranger):
    municipality = stranger.municipality
    debtor = services.debtor_account_set(acting_user=stranger, municipality=municipality, **GOOD)
    assert (debtor.account, debtor.bic) == ("12345678903", "DNBANOKKXXX")
    services.debtor_account_set(
        acting_user=stranger, municipality=municipality, **{**GOOD, "account": "15032700028"}
    )
    assert DebtorAccount.objects.get(municipality=municipality).account == "15032700028"
    records = AuditRecord.objects.filter(action="debtor_account.set", object_id=str(debtor.pk))
    assert records.count() == 2
    assert "15032700028" not in str(list(records.values_list("new_values", flat=True)))


def test_another_municipalitys_paying_account_is_refused(demo, stranger):
    """An account belongs to one legal entity: Bamble may not pay from Trondheim's."""
    trondheim = DebtorAccount.objects.get(municipality=demo["municipality"]).account
    with pytest.raises(DomainError, match="en annen kommunes") as raised:
        services.debtor_account_set(
            acting_user=stranger,
            municipality=stranger.municipality,
            **{**GOOD, "account": trondheim},
        )
    assert raised.value.field == "account"
    assert not DebtorAccount.objects.filter(municipality=stranger.municipality).exists()
    # Trondheim may register its own account again (a change of name or BIC).
    services.debtor_account_set(
        acting_user=None, municipality=demo["municipality"], **{**GOOD, "account": trondheim}
    )


def test_the_database_refuses_one_account_for_two_municipalities(demo, stranger):
    trondheim = DebtorAccount.objects.get(municipality=demo["municipality"]).account
    with pytest.raises(IntegrityError), transaction.atomic():
        DebtorAccount.objects.create(
            municipality=stranger.municipality,
            name="Bamble kommune",
            organisation_number="942110464",
            account=trondheim,
            bic="DNBANOKK",
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_number", "942110465", r"(?i)organisasjonsnummer"),
        ("account", "12345678904", "kontonummer"),
        ("account", "1234567890", "kontonummer"),
        ("bic", "DNB", "BIC"),
        ("name", "Bamble\x02kommune", "ikke synes"),
        ("name", "   ", "navnet"),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_stored(stranger, field, value, message):
    with pytest.raises(DomainError, match=message) as raised:
        services.debtor_account_set(
            acting_user=stranger, municipality=stranger.municipality, **{**GOOD, field: value}
        )
    assert raised.value.field == field
    assert not DebtorAccount.objects.filter(municipality=stranger.municipality).exists()


def test_another_municipalitys_economist_cannot_set_trondheims_account(demo, stranger):
    with pytest.raises(NotFoundOrForbidden):
        services.debtor_account_set(acting_user=stranger, municipality=demo["municipality"], **GOOD)
    with pytest.raises(NotFoundOrForbidden):
        services.debtor_account_set(
            acting_user=demo["users"]["kontakt"], municipality=demo["municipality"], **GOOD
        )


def test_the_database_refuses_a_malformed_account(stranger):
    with pytest.raises(IntegrityError), transaction.atomic():
        DebtorAccount.objects.create(
            municipality=stranger.municipality,
            name="x",
            organisation_number="942110464",
            account="1234",
            bic="DNBANOKK",
        )


def test_another_municipalitys_organisation_number_is_refused(demo, stranger):
    """An organisation number names one legal entity; Bamble's files never name Trondheim."""
    trondheim = DebtorAccount.objects.get(municipality=demo["municipality"]).organisation_number
    with pytest.raises(DomainError, match="en annen kommunes") as raised:
        services.debtor_account_set(
            acting_user=stranger,
            municipality=stranger.municipality,
            **{**GOOD, "organisation_number": trondheim},
        )
    assert raised.value.field == "organisation_number"
    assert not DebtorAccount.objects.filter(municipality=stranger.municipality).exists()


def test_the_database_refuses_one_organisation_number_for_two_municipalities(demo, stranger):
    trondheim = DebtorAccount.objects.get(municipality=demo["municipality"])
    with pytest.raises(IntegrityError), transaction.atomic():
        DebtorAccount.objects.create(
            municipality=stranger.municipality,
            name="Bamble kommune",
            organisation_number=trondheim.organisation_number,
            account="15032700028",
            bic="DNBANOKK",
        )


def test_every_problem_of_the_paying_account_comes_in_one_answer(demo, client_for):
    """The trial: an empty holder hid the bad organisation number, account and BIC."""
    before = DebtorAccount.objects.get(municipality=demo["municipality"])
    response = client_for("okonom").post(
        reverse("payments:debtor"),
        {"name": "", "organisation_number": "123", "account": "abc", "bic": "X"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "name",
        "organisation_number",
        "account",
        "bic",
    }
    after = DebtorAccount.objects.get(municipality=demo["municipality"])
    assert (after.name, after.account, after.bic) == (before.name, before.account, before.bic)


def test_the_service_refuses_every_bad_value_of_the_account_together(stranger):
    with pytest.raises(DomainError) as raised:
        services.debtor_account_set(
            acting_user=stranger,
            municipality=stranger.municipality,
            name=None,
            organisation_number="123",
            account="abc",
            bic="X",
        )
    fields = [problem.field for problem in raised.value.problems]
    assert fields == ["name", "organisation_number", "account", "bic"]
    assert not DebtorAccount.objects.filter(municipality=stranger.municipality).exists()
