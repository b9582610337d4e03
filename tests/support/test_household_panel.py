"""Support's panel on the household page (selectors.household_panel, written out)
against the ORM's reading of the same: requests with sub-project, decision, returned
payments and each line's latest payment; mappings with the services present; letters."""

import re
from decimal import Decimal

from django.urls import reverse

from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.support import selectors
from tests.support.factories import (
    SUBPROJECT,
    decide,
    fund,
    needs_mapping,
    request,
    set_limits,
)


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


def _cells(html: str, caption_id: str) -> list[str]:
    """The texts of the data cells of the table captioned `caption_id`."""
    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", table)]


def test_the_page_shows_the_stage_and_each_requests_payment_as_the_list_does(demo, client_for):
    """The user trial: the list said "Sendt til banken" and the household page said
    nothing of where the money was. The page shows the list's stage (people.stages) and
    each request's payment status, in the same queries for one request as for seven."""
    okonom = demo["users"]["okonom"]
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    support = request(demo, amount="2500", alias="Familien Betalingsstatus")
    household = support.household
    kontakt = client_for("kontakt")

    def page() -> str:
        return kontakt.get(reverse("people:detail", args=[household.pk])).content.decode()

    def listed() -> str:
        response = kontakt.get(reverse("people:list"), {"q": "Familien Betalingsstatus"})
        return _cells(response.content.decode(), "list-table-1")[2]

    def stage_on_page() -> str:
        facts = page().split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
        return facts.split("Status i saken</dt><dd>", 1)[1].split("</dd>", 1)[0]

    assert listed() == stage_on_page() == "På sakslisten"
    assert _cells(page(), "detail-table-3")[-1] == "–"

    decide(demo, [support])
    assert listed() == stage_on_page() == "Vedtatt"
    assert _cells(page(), "detail-table-3")[-1] == "Venter på eksport"

    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    assert listed() == stage_on_page() == "Sendt til banken"
    assert _cells(page(), "detail-table-3")[-1] == "Sendt til banken"
    assert Payment.objects.get(support_line__request=support).status == PaymentStatus.EXPORTED


def test_a_declined_request_shows_its_outcome_not_a_zero_amount(demo, client_for):
    """The user trial: a declined request read "Avslått: 0,00 kr". A declined decision
    is nothing by definition; the pages say "Avslått" and leave the amount out."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("20000"))
    set_limits(demo)
    declined = request(demo, amount="2500", alias="Familien Avslag")
    decide(demo, [declined], outcome="declined")
    approved = request(demo, amount="2500", alias="Familien Innvilget")
    decide(demo, [approved], key="meeting-2")
    kontakt = client_for("kontakt")

    page = kontakt.get(reverse("people:detail", args=[declined.household.pk])).content.decode()
    status, decided = _cells(page, "detail-table-3")[2:4]
    assert (status, decided) == ("Avslått", "–")
    detail = kontakt.get(reverse("support:request_detail", args=[declined.pk])).content.decode()
    assert "<dd>Avslått</dd>" in detail
    assert "0,00" not in detail.split("Vedtak</dt>", 1)[1].split("</dd>", 1)[0]

    page = kontakt.get(reverse("people:detail", args=[approved.household.pk])).content.decode()
    assert _cells(page, "detail-table-3")[3] == "2\u00a0500,00\u00a0kr"
    detail = kontakt.get(reverse("support:request_detail", args=[approved.pk])).content.decode()
    assert "<dd>Innvilget: 2\u00a0500,00\u00a0kr</dd>" in detail
