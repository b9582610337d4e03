"""A decision's pages are addressed by the number people see and say: the request's
number ("#12", "søknad 12"), never the decision's database id. Old links by the decision's
id still lead there, checked like the page itself (issue #10)."""

from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse

from samskap.support.models import Decision
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

# Every page or form of one decision, by URL name.
DECISION_URLS = (
    "support:decision_cancel",
    "support:decision_confirm",
    "support:decision_refuse",
    "support:decision_pay_again",
    "support:repayment_record",
)
OLD_URLS = {  # the old address by the decision's id -> where it leads now
    "support:decision_cancel_by_id": "support:decision_cancel",
    "support:repayment_record_by_id": "support:repayment_record",
}


@pytest.fixture
def approved(demo):
    """A decided request whose decision's id differs from the request's number."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    # A request left on the agenda moves the numbers on by one against the decisions' ids.
    for attempt in range(3):
        decision = decide(demo, [request(demo, amount="1000")], key=f"m-{attempt}").decisions[0]
        if decision.pk != decision.request_id:
            break
        request(demo, amount="100", alias="Familien Venter")
    assert decision.pk != decision.request_id
    return decision


def test_the_cancel_page_is_at_the_request_number(demo, approved, client_for):
    number = approved.request_id
    url = reverse("support:decision_cancel", args=[number])
    assert url == f"/stotte/soknad/{number}/annuller/"
    client = client_for("nav.berg")
    detail = client.get(reverse("support:request_detail", args=[number])).content.decode()
    assert f'href="{url}"' in detail
    page = client.get(url)
    assert page.status_code == 200
    assert f"#{number}" in page.content.decode()
    assert page.context["decision"] == approved


def test_every_decision_page_takes_the_request_number(demo, approved):
    for name in DECISION_URLS:
        url = reverse(name, kwargs={"request_number": approved.request_id})
        assert url.startswith(f"/stotte/soknad/{approved.request_id}/"), (name, url)
    # No page or form is addressed by a decision's id any more, except the old redirects.
    by_id = sorted(
        f"support:{name}"
        for name, (forms) in _support_names().items()
        if "decision_id" in forms and f"support:{name}" not in OLD_URLS
    )
    assert by_id == []


def _support_names() -> dict:
    resolver = get_resolver()
    support = resolver.namespace_dict["support"][1]
    return {pattern.name: set(pattern.pattern.converters) for pattern in support.url_patterns}


def test_a_number_that_is_not_a_decision_is_404(demo, approved, client_for):
    client = client_for("nav.berg")
    # The decision's own id names another request (or none): never this decision.
    for number in (approved.pk, 999_999_999):
        if Decision.objects.filter(request_id=number).exists():
            continue
        assert client.get(reverse("support:decision_cancel", args=[number])).status_code == 404
        assert client.post(reverse("support:decision_confirm", args=[number])).status_code == 404


def test_the_forms_post_to_the_request_number(demo, client_for):
    """The meeting's and the economy's confirm and decline forms name the request."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo, per_decision="500", per_year="500")
    request(demo, amount="100", alias="Familien Før")  # the numbers and ids drift apart
    waiting = decide(demo, [request(demo, amount="1000")], key="m-w").decisions[0]
    assert waiting.decided_at is None
    meeting = client_for("nav.berg").get(
        reverse("support:meeting", args=[waiting.request.subproject_id])
    )
    escalated = client_for("okonom").get(reverse("support:escalated"))
    for page, names in (
        (meeting, ("support:decision_refuse",)),  # nobody on the team may confirm 1 000 kr
        (escalated, ("support:decision_confirm", "support:decision_refuse")),
    ):
        html = page.content.decode()
        for name in names:
            assert f'action="{reverse(name, args=[waiting.request_id])}"' in html
        assert f"/stotte/vedtak/{waiting.pk}/" not in html


@pytest.mark.parametrize(("old", "new"), sorted(OLD_URLS.items()))
def test_old_links_by_decision_id_redirect_for_those_who_may_open_them(
    demo, approved, client_for, old, new
):
    who = "okonom" if new == "support:repayment_record" else "nav.berg"
    response = client_for(who).get(reverse(old, args=[approved.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(new, args=[approved.request_id])
    # Someone who may not open the page learns nothing about which request it was.
    stranger = "team" if who == "okonom" else "okonom"
    assert client_for(stranger).get(reverse(old, args=[approved.pk])).status_code == 404
    assert client_for(who).get(reverse(old, args=[999_999_999])).status_code == 404
    assert client_for(who).post(reverse(old, args=[approved.pk])).status_code == 405
