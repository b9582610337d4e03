"""The economist declines an escalated decision: an empty reason is answered at that row's
field with the page's error summary linking to it (the new-user trial got a redirect and a
message at the top of the page), and nothing changes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.support.models import Decision, RequestStatus
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits


@pytest.fixture
def escalated(demo):
    """A 40 000 kr decision above every team role's 1 000 kr: it waits for the economist."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("100000"))
    set_limits(demo, per_decision="1000", per_year="1000")
    support = request(demo, amount="40000")
    decision = decide(demo, [support]).decisions[0]
    assert decision.needs_second_approval and decision.decided_at is None
    return support, decision


def test_declining_without_a_reason_is_answered_at_the_rows_field(escalated, client_for):
    support, decision = escalated
    response = client_for("okonom").post(
        reverse("support:decision_refuse", args=[decision.request_id]), {"reason": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    field = f'id="refuse-{decision.pk}"'
    assert field in html
    tag = html.split(field, 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in tag
    assert f'aria-describedby="refuse-{decision.pk}_error"' in tag
    assert f'id="refuse-{decision.pk}_error">Si hvorfor du avslår.</div>' in html
    assert f'href="#refuse-{decision.pk}"' in html
    assert response.context["summary"][0]["anchor"] == f"refuse-{decision.pk}"
    assert "Hvorfor avslår du: Si hvorfor du avslår." in html
    decision.refresh_from_db()
    support.refresh_from_db()
    assert decision.second_approver is None and decision.decided_at is None
    assert support.status != RequestStatus.DECLINED


def test_declining_with_a_reason_still_declines(escalated, client_for):
    support, decision = escalated
    response = client_for("okonom").post(
        reverse("support:decision_refuse", args=[decision.request_id]), {"reason": "Over taket"}
    )
    assert response.status_code == 302
    assert response.url == reverse("support:escalated")
    decision = Decision.objects.get(pk=decision.pk)
    support.refresh_from_db()
    assert decision.second_reason == "Over taket"
    assert support.status == RequestStatus.DECLINED


def test_a_row_on_a_later_page_posts_back_to_that_page(escalated, demo, client_for):
    """The decline form keeps the list's page (?side=N), so a refused row is on the page
    shown again and the summary's link has its field to jump to."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from samskap.support import selectors

    economist = demo["users"]["okonom"]
    (decision,) = list(selectors.escalated_decisions(user=economist))
    web = RequestFactory().get(reverse("support:escalated"), {"side": "2"})
    web.user = economist
    html = render_to_string(
        "support/escalated.html",
        {"decisions": Paginator([decision, decision], 1).get_page(2)},
        request=web,
    )
    action = reverse("support:decision_refuse", args=[decision.request_id])
    assert f'action="{action}?side=2"' in html
    # Posted there, the refusal shows the list's page the form came from.
    response = client_for("okonom").post(action + "?side=2", {"reason": ""})
    assert response.status_code == 400
    assert response.context["decisions"].paginator.count == 1
    decision.refresh_from_db()
    assert decision.decided_at is None and decision.second_approver is None
