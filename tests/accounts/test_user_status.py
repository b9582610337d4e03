"""Deactivating and reactivating a staff user (issue #10, set-up): a deactivated user
cannot log in and is no longer a possible approver; what they decided stays."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samskap.accounts import services
from samskap.accounts.models import User
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.people import services as people_services
from samskap.support import selectors as support_selectors
from samskap.support.models import Decision
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits

DEMO_PASSWORD = "samskap-demo"


def _logs_in(username: str) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    return client.get(reverse("web:home")).status_code == 200


def test_a_deactivated_user_cannot_log_in_and_is_audited_without_names(demo):
    # "team" follows no household up and leads no team (a contact person with households
    # and a team's only lead are refused: tests/subprojects/test_seat_departures.py).
    member = demo["users"]["team"]
    assert not member.households_as_contact.exists()
    assert _logs_in("team")
    services.user_deactivate(acting_user=demo["users"]["okonom"], user=member)
    member.refresh_from_db()
    assert member.is_active is False
    assert not _logs_in("team")
    record = AuditRecord.objects.filter(action="user.deactivate").latest("pk")
    assert record.new_values == {"is_active": False, "invitations_ended": 0}
    assert member.last_name not in str(record.new_values) + str(record.old_values)
    # ... and back: the old password works again.
    services.user_reactivate(acting_user=demo["users"]["admin"], user=member)
    assert _logs_in("team")
    assert AuditRecord.objects.filter(action="user.reactivate", object_id=str(member.pk)).exists()


def test_an_open_session_ends_with_the_deactivation(demo, client_for):
    client = client_for("team")
    assert client.get(reverse("people:list")).status_code == 200
    services.user_deactivate(acting_user=demo["users"]["okonom"], user=demo["users"]["team"])
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_deactivated_user_is_no_longer_a_possible_approver_and_their_decisions_stay(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo, per_decision="20000", per_year="30000")
    earlier = decide(demo, [request(demo, amount="500", alias="Familien Før")], by="leder")
    support = request(demo, by="leder", amount="15000")  # the lead's own proposal
    decision = decide(demo, [support], by="leder", key="meeting-2").decisions[0]
    need = support_selectors.approval_needs(decisions=[decision])[decision.pk]
    assert {user.username for user in need.approvers} == {"kontakt", "nav.berg"}
    # nav.berg follows families up: they are handed to the lead first, then nav.berg goes.
    handed = people_services.households_hand_over(
        acting_user=demo["users"]["okonom"],
        from_user=demo["users"]["nav.berg"],
        to_user=demo["users"]["leder"],
    )
    assert handed.moved and not handed.set_aside
    services.user_deactivate(acting_user=demo["users"]["okonom"], user=demo["users"]["nav.berg"])
    # The lead is the only lead of their teams (and now the families' contact person): stays.
    with pytest.raises(DomainError, match="eneste delprosjektleder"):
        services.user_deactivate(acting_user=demo["users"]["okonom"], user=demo["users"]["leder"])
    need = support_selectors.approval_needs(decisions=[decision])[decision.pk]
    assert [user.username for user in need.approvers] == ["kontakt"]
    # The lead's earlier decision is as it was.
    kept = Decision.objects.get(pk=earlier.decisions[0].pk)
    assert kept.decided_by_id == demo["users"]["leder"].pk and kept.decided_at is not None


def test_bad_input_is_refused_in_norwegian_and_nothing_changes(demo):
    okonom = demo["users"]["okonom"]
    with pytest.raises(DomainError) as refusal:
        services.user_deactivate(acting_user=okonom, user=okonom)
    assert refusal.value.message == "Du kan ikke deaktivere deg selv."
    with pytest.raises(DomainError) as refusal:
        services.user_reactivate(acting_user=okonom, user=demo["users"]["team"])
    assert refusal.value.message == "Denne brukeren er allerede aktiv."
    services.user_deactivate(acting_user=okonom, user=demo["users"]["team"])
    before = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refusal:
        services.user_deactivate(acting_user=okonom, user=demo["users"]["team"])
    assert refusal.value.message == "Denne brukeren er allerede deaktivert."
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("by", ["leder", "kontakt", "team", "stat"])
def test_other_roles_are_refused_at_the_service(demo, by):
    target = demo["users"]["nav.berg"]
    with pytest.raises(NotFoundOrForbidden):
        services.user_deactivate(acting_user=demo["users"][by], user=target)
    target.refresh_from_db()
    assert target.is_active


def test_an_economist_cannot_switch_an_administrator_off(demo):
    with pytest.raises(NotFoundOrForbidden):
        services.user_deactivate(acting_user=demo["users"]["okonom"], user=demo["users"]["admin"])
    assert User.objects.get(username="admin").is_active


def test_the_users_page_switches_a_user_off_and_on(demo, client_for):
    client = client_for("admin")
    member = demo["users"]["team"]
    response = client.post(reverse("accounts:user_deactivate", args=[member.pk]), follow=True)
    page = response.content.decode()
    assert "kan ikke lenger logge inn" in page and "Aktiver team igjen" in page
    assert not User.objects.get(pk=member.pk).is_active
    # Offered no more as a new team member (team holds no seat on Stødig start).
    subproject = demo["subprojects"][SUBPROJECT]
    team = client.get(reverse("subprojects:team", args=[subproject.pk])).content.decode()
    assert f'<option value="{member.pk}"' not in team
    client.post(reverse("accounts:user_reactivate", args=[member.pk]))
    assert User.objects.get(pk=member.pk).is_active


def test_the_users_page_points_a_refused_deactivation_to_the_hand_over(demo, client_for):
    """nav.berg follows up households: the refusal says how many and where to hand them
    over, and the row links there; nav.berg stays active."""
    client = client_for("admin")
    nav = demo["users"]["nav.berg"]
    count = nav.households_as_contact.count()
    response = client.post(reverse("accounts:user_deactivate", args=[nav.pk]), follow=True)
    page = response.content.decode()
    assert f"kontaktperson for {count} husstander" in page
    assert "«Overfør husstander»" in page
    assert reverse("people:hand_over", args=[nav.pk]) in page
    assert User.objects.get(pk=nav.pk).is_active
