"""Changing a programme agreement and its schemes' yearly amounts after set-up (issue
#10): a year never goes below what is already received or allocated (the figure is in
the message), a period never leaves out a year in use; other roles are refused at the
service; a refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.money import format_nok
from samskap.funding import selectors, services
from samskap.funding.models import ProgrammeAgreement, SchemeYearAmount
from tests.funding.test_setup import new_agreement, new_scheme

OUTSIDERS = ["leder", "kontakt", "team", "stat"]


def _used_year(demo):
    """A scheme of the demo agreement and this year, with what it already holds, whose
    amount covers it (the demo also has an over-allocated scheme year, see
    tests/funding/test_over_allocated_year.py)."""
    agreement = demo["agreement"]
    year = timezone.localdate().year
    for scheme in selectors.schemes_of(agreement=agreement):
        received, allocated = selectors.scheme_years_used(agreement=agreement, scheme=scheme)[year]
        amount = selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year)
        if 0 < max(received, allocated) <= amount:
            return agreement, scheme, year, max(received, allocated)
    pytest.fail("the demo has received nothing this year")


def _amounts(agreement, scheme, **changed):
    rows = SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme)
    amounts = {row.year: str(row.amount) for row in rows}
    amounts.update({int(year): value for year, value in changed.items()})
    return amounts


def test_a_year_cannot_go_below_what_is_received_or_allocated(demo):
    agreement, scheme, year, floor = _used_year(demo)
    before = list(SchemeYearAmount.objects.filter(agreement=agreement).values_list("amount"))
    audit_before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refusal:
        services.agreement_scheme_set(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            scheme=scheme,
            yearly_amounts=_amounts(agreement, scheme, **{str(year): str(floor - Decimal("0.01"))}),
        )
    assert refusal.value.field == f"year_{year}"
    assert format_nok(floor) in refusal.value.message
    assert f"for {year} kan ikke" in refusal.value.message
    assert (
        list(SchemeYearAmount.objects.filter(agreement=agreement).values_list("amount")) == before
    )
    assert AuditRecord.objects.count() == audit_before
    # Exactly what is used is allowed.
    services.agreement_scheme_set(
        acting_user=demo["users"]["okonom"],
        agreement=agreement,
        scheme=scheme,
        yearly_amounts=_amounts(agreement, scheme, **{str(year): str(floor)}),
    )
    assert selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year) == floor


def test_a_blank_year_in_use_is_refused_as_well(demo):
    agreement, scheme, year, floor = _used_year(demo)
    with pytest.raises(DomainError) as refusal:
        services.agreement_scheme_set(
            acting_user=demo["users"]["admin"],
            agreement=agreement,
            scheme=scheme,
            yearly_amounts=_amounts(agreement, scheme, **{str(year): ""}),
        )
    assert format_nok(floor) in refusal.value.message


def test_the_agreement_is_changed_and_audited(demo):
    agreement = new_agreement(demo)
    services.agreement_update(
        acting_user=demo["users"]["admin"],
        agreement=agreement,
        name="Neste periode, forlenget",
        reference="0-24-NESTE-2",
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2033, 12, 31),
    )
    stored = ProgrammeAgreement.objects.get(pk=agreement.pk)
    assert stored.reference == "0-24-NESTE-2" and stored.years == [2030, 2031, 2032, 2033]
    record = AuditRecord.objects.filter(action="agreement.update").latest("pk")
    assert record.old_values["ends_on"] == "2032-12-31"
    assert record.new_values == {
        "reference": "0-24-NESTE-2",
        "starts_on": "2030-01-01",
        "ends_on": "2033-12-31",
        "name_changed": True,
    }


def test_a_period_that_leaves_out_a_year_in_use_is_refused(demo):
    agreement = new_agreement(demo)
    scheme = new_scheme(demo["users"]["admin"])
    services.agreement_scheme_set(
        acting_user=demo["users"]["okonom"],
        agreement=agreement,
        scheme=scheme,
        yearly_amounts={2032: "1000"},
    )
    with pytest.raises(DomainError) as refusal:
        services.agreement_update(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            name=agreement.name,
            reference=agreement.reference,
            starts_on=datetime.date(2030, 1, 1),
            ends_on=datetime.date(2031, 12, 31),
        )
    assert "2032" in refusal.value.message and refusal.value.field == "ends_on"
    assert ProgrammeAgreement.objects.get(pk=agreement.pk).ends_on == datetime.date(2032, 12, 31)


def test_a_period_that_leaves_out_booked_days_is_refused(demo):
    agreement = demo["agreement"]
    first = agreement.transactions.order_by("booked_on").first().booked_on
    with pytest.raises(DomainError) as refusal:
        services.agreement_update(
            acting_user=demo["users"]["okonom"],
            agreement=agreement,
            name=agreement.name,
            reference=agreement.reference,
            starts_on=first + datetime.timedelta(days=1),
            ends_on=agreement.ends_on,
        )
    assert "bokført" in refusal.value.message
    assert ProgrammeAgreement.objects.get(pk=agreement.pk).starts_on == agreement.starts_on


@pytest.mark.parametrize("by", OUTSIDERS)
def test_other_roles_are_refused_at_the_service(demo, by):
    agreement = demo["agreement"]
    with pytest.raises(NotFoundOrForbidden):
        services.agreement_update(
            acting_user=demo["users"][by],
            agreement=agreement,
            name="Kapret",
            reference=agreement.reference,
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
        )
    assert ProgrammeAgreement.objects.get(pk=agreement.pk).name == agreement.name


def test_the_edit_page_saves_and_shows_the_refusal(demo, client_for):
    agreement = new_agreement(demo)
    client = client_for("okonom")
    url = reverse("funding:agreement_edit", args=[agreement.pk])
    assert 'value="2030-01-01"' in client.get(url).content.decode()
    form = {
        "name": agreement.name,
        "reference": agreement.reference,
        "starts_on": "2030-01-01",
        "ends_on": "2029-12-31",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Avtalen må slutte etter at den starter" in response.content.decode()
    response = client.post(url, {**form, "ends_on": "2031-12-31"})
    assert response["Location"] == reverse("funding:agreement_setup", args=[agreement.pk])
    assert ProgrammeAgreement.objects.get(pk=agreement.pk).ends_on == datetime.date(2031, 12, 31)
