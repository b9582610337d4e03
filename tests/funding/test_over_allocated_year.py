"""A scheme year that already holds more than its amount (older data, or receipts and
allocations booked before the amount was lowered) can be saved again unchanged or
raised: only a change that makes it worse is refused (issue #10)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.core.money import format_nok
from samskap.funding import selectors, services
from samskap.funding.models import SchemeYearAmount
from tests.funding.test_agreement_edit import _amounts, _used_year


@pytest.fixture
def over_allocated(demo):
    """This year's amount of a used scheme set 1 000 kr below what it already holds, as
    older data may have it (the service would never store it)."""
    agreement, scheme, year, floor = _used_year(demo)
    below = floor - Decimal("1000.00")
    SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme, year=year).update(
        amount=below
    )
    return agreement, scheme, year, floor, below


def _set(demo, agreement, scheme, year, value, by="okonom"):
    return services.agreement_scheme_set(
        acting_user=demo["users"][by],
        agreement=agreement,
        scheme=scheme,
        yearly_amounts=_amounts(agreement, scheme, **{str(year): value}),
    )


def test_an_over_allocated_year_is_saved_again_unchanged(demo, over_allocated):
    agreement, scheme, year, _floor, below = over_allocated
    _set(demo, agreement, scheme, year, str(below))
    assert selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year) == below
    assert AuditRecord.objects.filter(action="agreement.scheme_set").exists()


def test_an_over_allocated_year_may_be_raised_even_if_still_below(demo, over_allocated):
    agreement, scheme, year, floor, below = over_allocated
    for value in (below + Decimal("500.00"), floor, floor + Decimal("1.00")):
        _set(demo, agreement, scheme, year, str(value))
        assert selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year) == value


def test_an_over_allocated_year_may_not_go_further_down(demo, over_allocated):
    agreement, scheme, year, floor, below = over_allocated
    audit_before = AuditRecord.objects.count()
    for value in (str(below - Decimal("0.01")), ""):
        with pytest.raises(DomainError) as refusal:
            _set(demo, agreement, scheme, year, value)
        assert refusal.value.field == f"year_{year}"
        assert format_nok(floor) in refusal.value.message
        assert format_nok(below) in refusal.value.message
    assert selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year) == below
    assert AuditRecord.objects.count() == audit_before


def test_a_healthy_year_still_may_not_go_below_what_it_holds(demo):
    agreement, scheme, year, floor = _used_year(demo)
    with pytest.raises(DomainError):
        _set(demo, agreement, scheme, year, str(floor - Decimal("0.01")))


def test_the_setup_page_saves_an_over_allocated_scheme_unchanged(demo, client_for, over_allocated):
    agreement, scheme, year, _floor, below = over_allocated
    form = {"scheme": scheme.pk}
    form.update({f"year_{y}": v for y, v in _amounts(agreement, scheme).items()})
    response = client_for("okonom").post(
        reverse("funding:agreement_setup", args=[agreement.pk]), form
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert selectors.scheme_year_amount(agreement=agreement, scheme=scheme, year=year) == below
