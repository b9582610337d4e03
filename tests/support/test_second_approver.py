"""The second approver answers in their own words, and the request page says who did what.

A decline without a reason is refused and changes nothing; the reason is kept on the
decision (never in the audit trail) and shown as the second approver's, beside the
first approver's rationale, never in its place.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.support import services
from samskap.support.models import Decision, RequestStatus
from tests.support.factories import SECOND_APPROVER, SUBPROJECT, decide, fund, request, set_limits


@pytest.fixture
def waiting(demo):
    """A 15 000 kr decision above the leader's 10 000 kr limit: it waits for nav.berg,
    a team member whose own limit (20 000 kr) covers it."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="15000")
    decision = decide(demo, [support]).decisions[0]
    funding_services.authority_limit_set(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        team_role="member",
        max_per_decision="20000",
        max_per_household_per_year="30000",
    )
    assert decision.needs_second_approval and decision.decided_at is None
    return demo, support, decision


def committed(demo) -> Decimal:
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT]).committed


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_declining_as_second_approver_without_a_reason_is_refused(waiting, reason):
    demo, support, decision = waiting
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.decision_refuse(
            acting_user=demo["users"][SECOND_APPROVER], decision=decision, reason=reason
        )
    assert error.value.field == "reason"
    assert str(error.value.message) == "Si hvorfor du avslår."
    decision.refresh_from_db()
    support.refresh_from_db()
    assert decision.second_approver is None and decision.second_verdict == ""
    assert decision.outcome == "approved" and decision.amount == Decimal("15000.00")
    assert support.status == RequestStatus.AWAITING_SECOND
    assert AuditRecord.objects.count() == audits


def test_declining_on_the_page_without_a_reason_is_answered_at_the_cards_field(waiting, client_for):
    """The last note: the team's second approver got a redirect and a message at the top,
    where the economist's list answers at the row's field. Now the meeting page answers
    at the waiting card's field, with the summary linking to it, and nothing changes."""
    _demo, support, decision = waiting
    audits = AuditRecord.objects.count()
    response = client_for(SECOND_APPROVER).post(
        reverse("support:decision_refuse", args=[decision.request_id]), {"reason": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    tag = html.split(f'id="refuse-{decision.pk}"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in tag
    assert f'aria-describedby="refuse-{decision.pk}_error"' in tag
    assert f'id="refuse-{decision.pk}_error">Si hvorfor du avslår.</div>' in html
    assert f'href="#refuse-{decision.pk}"' in html
    assert "Hvorfor avslår du: Si hvorfor du avslår." in html
    # The meeting's own form is shown blank, not as a refused post of it.
    assert not response.context["form"].is_bound
    support.refresh_from_db()
    assert support.status == RequestStatus.AWAITING_SECOND
    assert AuditRecord.objects.count() == audits


def test_declining_on_the_page_with_a_reason_goes_back_to_the_meeting(waiting, client_for):
    _demo, support, decision = waiting
    response = client_for(SECOND_APPROVER).post(
        reverse("support:decision_refuse", args=[decision.request_id]), {"reason": "Dekkes av NAV"}
    )
    assert response.status_code == 302
    assert response.url == reverse("support:meeting", args=[support.subproject_id])
    support.refresh_from_db()
    assert support.status == RequestStatus.DECLINED


def test_the_reason_stays_out_of_the_audit_trail(waiting):
    demo, _support, decision = waiting
    services.decision_refuse(
        acting_user=demo["users"][SECOND_APPROVER],
        decision=decision,
        reason="Familien flytter til Bergen",
    )
    row = AuditRecord.objects.filter(action="decision.refuse").latest("pk")
    assert row.new_values["reason_given"] is True
    assert "Bergen" not in str(row.old_values) + str(row.new_values)


def test_the_request_page_shows_first_approver_and_the_second_approvers_own_reason(
    waiting, client_for
):
    demo, support, decision = waiting
    page = client_for("kontakt").get(reverse("support:request_detail", args=[support.pk]))
    html = page.content.decode()
    assert "Venter på godkjenner nummer to" in html
    assert "Godt begrunnet" in html  # the first approver's rationale
    services.decision_refuse(
        acting_user=demo["users"][SECOND_APPROVER],
        decision=decision,
        reason="Søknaden dekkes av NAV",
    )
    html = client_for("kontakt").get(reverse("support:request_detail", args=[support.pk]))
    html = html.content.decode()
    second = str(demo["users"][SECOND_APPROVER])
    first = str(demo["users"]["leder"])
    assert f"Første godkjenner</dt>\n  <dd>{first}" in html
    assert "Innvilget 15\u00a0000,00\u00a0kr – Godt begrunnet" in html
    assert f"Avslått av {second}" in html
    assert "– Søknaden dekkes av NAV" in html
    # The second's reason is theirs: it never stands in as the first approver's rationale.
    assert html.count("Søknaden dekkes av NAV") == 1
    assert html.count("Godt begrunnet") == 1


def test_the_request_page_shows_who_confirmed_with_their_note(waiting, client_for):
    demo, support, decision = waiting
    services.decision_confirm(
        acting_user=demo["users"][SECOND_APPROVER], decision=decision, reason="Enig med teamet"
    )
    decision.refresh_from_db()
    assert decision.second_verdict == "confirmed"
    assert decision.second_reason == "Enig med teamet"
    html = client_for("kontakt").get(reverse("support:request_detail", args=[support.pk]))
    html = html.content.decode()
    assert f"Bekreftet av {demo['users'][SECOND_APPROVER]}" in html
    assert "Enig med teamet" in html


def test_a_decision_made_at_once_names_who_decided(demo, client_for):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="2000")
    decide(demo, [support])
    html = client_for("kontakt").get(reverse("support:request_detail", args=[support.pk]))
    html = html.content.decode()
    assert f"Vedtatt av</dt>\n  <dd>{demo['users']['leder']}" in html
    assert "Godkjenner nummer to" not in html


def test_the_database_refuses_a_second_decline_without_a_reason(waiting):
    demo, _support, decision = waiting
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            second_approver=demo["users"][SECOND_APPROVER],
            second_verdict="declined",
            first_outcome="approved",
            first_amount=Decimal("15000"),
            outcome="declined",
            amount=Decimal("0"),
            second_reason="",
        )


def test_the_meeting_page_asks_the_second_approver_why(waiting, client_for):
    _demo, _support, decision = waiting
    html = client_for(SECOND_APPROVER).get(
        reverse("support:meeting", args=[decision.request.subproject_id])
    )
    html = html.content.decode()
    assert f'for="refuse-{decision.pk}">Hvorfor avslår du?' in html
    assert f'id="refuse-{decision.pk}"' in html
    assert "Bekreft som godkjenner nummer to" in html


def test_the_meeting_pages_waiting_list_is_what_the_orm_reads(waiting):
    """The second-approver list is one written-out statement (issue 14): the same
    decisions with the same request, household, proposer, first approver and who may
    confirm, as the ORM reads them; nothing for someone without a seat on the team."""
    from samskap.accounts.models import User
    from samskap.support import selectors

    demo, _support, decision = waiting
    subproject = demo["subprojects"][SUBPROJECT]
    later = decide(demo, [request(demo, amount="12000", alias="Familien Senere")], key="m-2")
    leader = demo["users"]["leder"]
    listed = selectors.awaiting_second_approval(user=leader, subproject=subproject)
    orm = list(
        Decision.objects.filter(
            request__subproject=subproject, request__status=RequestStatus.AWAITING_SECOND
        )
        .select_related("request__household", "request__proposed_by", "decided_by")
        .order_by("recorded_at")
    )
    assert [d.pk for d in listed] == [d.pk for d in orm] == [decision.pk, later.decisions[0].pk]
    for mine, theirs in zip(listed, orm, strict=True):
        for field in Decision._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname)
        assert mine.request.household.alias == theirs.request.household.alias
        assert str(mine.request.proposed_by) == str(theirs.request.proposed_by)
        assert str(mine.decided_by) == str(theirs.decided_by)
        assert mine.request.subproject.pk == subproject.pk
        assert mine.need.label and [u.pk for u in mine.need.approvers] == [
            u.pk for u in selectors.approval_needs(decisions=[theirs])[theirs.pk].approvers
        ]
    assert all(isinstance(d.decided_by, User) for d in listed)
    outsider = demo["users"]["okonom"]
    assert selectors.awaiting_second_approval(user=outsider, subproject=subproject) == []


def test_the_agenda_tells_the_waiting_list_when_nothing_waits(demo, django_assert_num_queries):
    """The agenda's requests statement also asks whether any request of the sub-project
    awaits a second approver (issue 14): when none does, the meeting page's waiting list
    is empty without its own statement; when one does, or when the agenda is empty and
    cannot tell, the list reads as before."""
    from samskap.support import selectors

    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("50000"))
    set_limits(demo)
    leader = demo["users"]["leder"]

    def agenda():
        pot = selectors.pot_context(subproject=subproject)
        return selectors.agenda_for(subproject=subproject, pot=pot, user=leader)

    empty = agenda()
    assert list(empty) == [] and not empty.none_awaiting
    request(demo, amount="500", alias="Familien Venter")
    pending = agenda()
    assert len(pending) == 1 and pending.none_awaiting
    with django_assert_num_queries(0):
        assert (
            selectors.awaiting_second_approval(user=leader, subproject=subproject, agenda=pending)
            == []
        )
    decision = decide(demo, [request(demo, amount="15000", alias="Familien Over")]).decisions[0]
    assert decision.decided_at is None  # above the leader's limit: it waits
    after = agenda()
    assert len(after) == 1 and not after.none_awaiting
    listed = selectors.awaiting_second_approval(user=leader, subproject=subproject, agenda=after)
    assert [d.pk for d in listed] == [decision.pk]
    assert [
        d.pk for d in selectors.awaiting_second_approval(user=leader, subproject=subproject)
    ] == [decision.pk]
