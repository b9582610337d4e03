"""Support's panel on the household page (selectors.household_panel, written out)
against the ORM's reading of the same: requests with sub-project, decision, returned
payments and each line's latest payment; mappings with the services present; letters."""

from samskap.people.models import Household
from samskap.support import selectors
from tests.support.factories import decide, needs_mapping, request


def _compare(household) -> None:
    panel = selectors.household_panel(household_id=household.pk)
    returned = selectors.returned_payments_by_request(household=household)
    expected = list(selectors.requests_of(household=household))
    assert [item.request.pk for item in panel.requests] == [r.pk for r in expected]
    for item, support in zip(panel.requests, expected, strict=True):
        assert item.request.subproject.name == support.subproject.name
        assert item.request.get_status_display() == support.get_status_display()
        decision = getattr(support, "decision", None)
        found = getattr(item.request, "decision", None)
        assert (found and (found.pk, found.amount, found.decided_at)) == (
            decision and (decision.pk, decision.amount, decision.decided_at)
        )
        assert [(p.pk, p.return_reason_text) for p in item.returned] == [
            (p.pk, p.return_reason_text) for p in returned.get(support.pk, [])
        ]
        assert item.payment_statuses == [
            line.current.status
            for line in selectors.line_payments(support_request=support)
            if line.current
        ]
    assert [(m.pk, [o.name for o in present]) for m, present in panel.mappings] == [
        (m.pk, [o.name for o in m.services_present.all()])
        for m in selectors.needs_mappings_of(household=household)
    ]
    assert [(letter.pk, letter.subproject.name) for letter in panel.letters] == [
        (letter.pk, letter.subproject.name) for letter in selectors.letters_of(household=household)
    ]


def test_the_panel_reads_what_the_orm_reads_for_every_household(demo):
    support = request(demo, alias="Familien Panel")
    needs_mapping(demo, support.household)
    decide(demo, [support])
    request(demo, alias="Familien Panel")  # a second request, not decided
    households = list(Household.objects.order_by("pk"))
    for household in households:
        _compare(household)
    assert any(selectors.household_panel(household_id=h.pk).mappings for h in households)
    assert any(
        item.payment_statuses
        for h in households
        for item in selectors.household_panel(household_id=h.pk).requests
    )
