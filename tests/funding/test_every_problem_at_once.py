"""The pot's forms answer every problem in one go (the new-user trial): the amount's own
problem ("10.000", 30 digits, Arabic-Indic digits) is marked beside the fields left empty,
not on the next try once they were filled; and nothing is posted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.funding.models import GrantReceipt, LedgerTransaction

pytestmark = [pytest.mark.django_db]


def _unchanged():
    return (
        LedgerTransaction.objects.count(),
        GrantReceipt.objects.count(),
        AuditRecord.objects.count(),
    )


def _errors(response) -> dict:
    return {
        name: [str(m) for m in messages]
        for name, messages in response.context["form"].errors.items()
    }


def _summary(response) -> str:
    return response.content.decode().split('role="alert"', 1)[1].split("</div>", 1)[0]


def test_allocation_marks_10_000_beside_the_missing_fields(demo, client_for):
    before = _unchanged()
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[demo["agreement"].pk]), {"amount": "10.000"}
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert set(errors) >= {"subproject", "reason", "amount"}
    assert errors["amount"] == [
        "Skriv tusener med mellomrom, for eksempel 10 000, og øre etter komma."
    ]
    # Each entry of the summary names its field.
    summary = _summary(response)
    assert "Beløp (kr): Skriv tusener med mellomrom" in summary
    assert "Delprosjekt: Feltet er påkrevet." in summary
    assert _unchanged() == before


def test_allocation_marks_more_than_the_pot_holds_at_the_amount_beside_a_missing_year(
    demo, client_for
):
    """The trial: with the year left empty, "Ikke nok igjen i potten" stood above the form,
    not at the amount; and with any other field refused it was not checked at all."""
    before = _unchanged()
    response = client_for("okonom").post(
        reverse("funding:allocate", args=[demo["agreement"].pk]),
        {
            "token": "a" * 32,
            "subproject": demo["subprojects"]["Stødig start"].pk,
            "amount": "999 999 999",
        },
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert set(errors) == {"year", "reason", "amount"}
    assert errors["amount"][0].startswith("Ikke nok igjen i potten")
    assert response.context["form"].non_field_errors() == []
    assert "Beløp (kr): Ikke nok igjen i potten" in _summary(response)
    assert _unchanged() == before


def test_reallocation_marks_a_30_digit_amount_beside_the_missing_reason(demo, client_for):
    agreement = demo["agreement"]
    subprojects = list(agreement.subprojects.order_by("pk"))
    before = _unchanged()
    response = client_for("okonom").post(
        reverse("funding:reallocate", args=[agreement.pk]),
        {
            "source": subprojects[0].pk,
            "target": subprojects[0].pk,
            "year": timezone.localdate().year,
            "amount": "9" * 30,
            "reason": "",
        },
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert errors["reason"] == ["Feltet er påkrevet."]
    assert errors["amount"][0].startswith("Beløpet er for stort: høyst 999")
    # The form's own check of the pair, too, in the same answer.
    assert errors["target"] == ["Velg to forskjellige delprosjekter."]
    assert _unchanged() == before


def test_receipt_marks_arabic_indic_digits_beside_the_missing_fields(demo, client_for):
    before = _unchanged()
    response = client_for("okonom").post(
        reverse("funding:receipt", args=[demo["agreement"].pk]), {"amount": "١٢٣"}
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert set(errors) == {"scheme", "received_on", "reference", "amount"}
    assert errors["amount"] == ["Skriv et beløp i kroner, for eksempel 1500 eller 1500,50."]
    assert _unchanged() == before


def test_a_valid_reallocation_with_every_problem_of_its_own_gets_all_of_them(demo, client_for):
    """Past the form, the service answers all of its own checks too (a reason of spaces
    and a dotted amount were two rounds)."""
    agreement = demo["agreement"]
    first, second = list(agreement.subprojects.order_by("pk"))[:2]
    before = _unchanged()
    response = client_for("okonom").post(
        reverse("funding:reallocate", args=[agreement.pk]),
        {
            "source": first.pk,
            "target": second.pk,
            "year": timezone.localdate().year,
            "amount": "10.000",
            "reason": "   x",
        },
    )
    assert response.status_code == 400
    assert "amount" in _errors(response)
    assert _unchanged() == before


def test_an_authority_limit_marks_both_amounts_beside_the_missing_role(demo, client_for):
    from samskap.funding.models import AuthorityLimit

    sub = demo["subprojects"]["Veien til førerkortet"]
    before = (AuthorityLimit.objects.count(), *_unchanged())
    response = client_for("okonom").post(
        reverse("funding:authority", args=[sub.pk]),
        {"team_role": "", "max_per_decision": "10.000", "max_per_household_per_year": "9" * 30},
    )
    errors = _errors(response)
    assert set(errors) == {"team_role", "max_per_decision", "max_per_household_per_year"}
    assert errors["max_per_decision"][0].startswith("Skriv tusener med mellomrom")
    assert errors["max_per_household_per_year"][0].startswith("Beløpet er for stort")
    assert (AuthorityLimit.objects.count(), *_unchanged()) == before


def _services_refuse(call, **kwargs) -> set[str]:
    """The fields a service refuses, all of them in one DomainError."""
    from samskap.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        call(**kwargs)
    return {problem.field for problem in getattr(refused.value, "problems", [refused.value])}


def test_the_services_refuse_what_an_api_or_import_leaves_out(demo):
    """The forms' checks skip a field the form refused (None); the services themselves
    must not: a receipt without a reference, or an allocation without a year, from an
    import or the API was stored or answered 500. Each is refused at its field, all at
    once, and nothing is posted."""
    from samskap.effects import participation_services
    from samskap.funding import pot_services as services
    from samskap.funding.selectors import schemes_of

    agreement = demo["agreement"]
    okonom = demo["users"]["okonom"]
    source, target = list(agreement.subprojects.order_by("pk"))[:2]
    scheme = schemes_of(agreement=agreement).order_by("pk").first()
    before = _unchanged()
    assert _services_refuse(
        services.grant_receipt_create,
        acting_user=okonom,
        agreement=agreement,
        scheme=scheme,
        received_on=None,
        amount=None,
        reference=None,
    ) == {"received_on", "amount", "reference"}
    assert _services_refuse(
        services.allocation_create,
        acting_user=okonom,
        subproject=source,
        year=None,
        amount=None,
        reason="Fordeling",
    ) >= {"year", "amount"}
    assert _services_refuse(
        services.reallocation_create,
        acting_user=okonom,
        source=source,
        target=target,
        year=None,
        amount=None,
        reason=None,
    ) >= {"year", "amount", "reason"}
    assert _unchanged() == before
    assert "title" in _services_refuse(
        participation_services.proposal_round_create,
        acting_user=demo["users"]["kontakt"],
        subproject=next(s for s in demo["subprojects"].values() if s.name.startswith("Veien")),
        title=None,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
