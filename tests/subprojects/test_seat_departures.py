"""A seat change or a deactivation never silently leaves a team without its lead or a
household without its contact person (issue #10): the change is refused with a clear
message naming who and how many, and nothing changes."""

import pytest
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.people import services as people_services
from samskap.people.models import Household
from samskap.subprojects import services
from samskap.subprojects.models import TeamMembership, TeamRole
from tests.support.factories import SUBPROJECT, household


def _seat(demo, username, subproject=SUBPROJECT):
    return TeamMembership.objects.get(
        subproject=demo["subprojects"][subproject], user=demo["users"][username]
    )


def _only_lead(demo):
    """SUBPROJECT's lead seat, made the team's only lead."""
    leads = TeamMembership.objects.filter(
        subproject=demo["subprojects"][SUBPROJECT], team_role=TeamRole.LEAD
    )
    lead = leads.order_by("pk").first()
    for other in leads.exclude(pk=lead.pk):
        services.team_role_change(acting_user=None, membership=other, team_role="member")
    return lead


def test_the_last_lead_cannot_be_demoted(demo):
    lead = _only_lead(demo)
    audit_before = AuditRecord.objects.count()
    for role in ("member", "contact_person"):
        with pytest.raises(DomainError) as refusal:
            services.team_role_change(
                acting_user=demo["users"]["okonom"], membership=lead, team_role=role
            )
        assert "eneste delprosjektleder" in refusal.value.message
        assert demo["subprojects"][SUBPROJECT].name in refusal.value.message
    assert TeamMembership.objects.get(pk=lead.pk).team_role == TeamRole.LEAD
    assert AuditRecord.objects.count() == audit_before


def test_the_last_lead_seat_cannot_be_removed_but_can_once_another_leads(demo):
    """The last seat of all may go (an empty team has no one to lead); this team has more."""
    lead = _only_lead(demo)
    with pytest.raises(DomainError, match="eneste delprosjektleder"):
        services.team_member_remove(acting_user=demo["users"]["okonom"], membership=lead)
    assert TeamMembership.objects.filter(pk=lead.pk).exists()
    services.team_role_change(
        acting_user=demo["users"]["okonom"], membership=_seat(demo, "nav.berg"), team_role="lead"
    )
    # Now only households the lead is contact person for (if any) could keep the seat.
    try:
        services.team_member_remove(acting_user=demo["users"]["okonom"], membership=lead)
    except DomainError as refusal:
        assert "eneste delprosjektleder" not in refusal.message
        assert "kontaktperson for" in refusal.message
    else:
        assert not TeamMembership.objects.filter(pk=lead.pk).exists()


def test_a_contact_persons_seat_with_households_is_not_removed(demo):
    seat = _seat(demo, "kontakt")
    home = household(demo, alias="Familien Kontakt")
    count = (
        Household.objects.filter(contact_person=seat.user, enrolments__subproject=seat.subproject)
        .distinct()
        .count()
    )
    assert count >= 1
    with pytest.raises(DomainError) as refusal:
        services.team_member_remove(acting_user=demo["users"]["okonom"], membership=seat)
    assert f"kontaktperson for {count} husstand" in refusal.value.message
    assert TeamMembership.objects.filter(pk=seat.pk).exists()
    assert Household.objects.get(pk=home.pk).contact_person == seat.user


def test_the_team_page_says_why_a_seat_stays(demo, client_for):
    seat = _seat(demo, "kontakt")
    household(demo, alias="Familien Side")
    client = client_for("okonom")
    page = client.post(reverse("subprojects:membership_remove", args=[seat.pk]), follow=True)
    assert "kontaktperson for" in page.content.decode()
    assert TeamMembership.objects.filter(pk=seat.pk).exists()


def test_a_contact_person_with_households_is_not_deactivated(demo):
    kontakt = demo["users"]["kontakt"]
    household(demo, alias="Familien Deaktiver")
    count = Household.objects.filter(contact_person=kontakt).count()
    with pytest.raises(DomainError) as refusal:
        accounts_services.user_deactivate(acting_user=demo["users"]["okonom"], user=kontakt)
    assert f"kontaktperson for {count} husstand" in refusal.value.message
    kontakt.refresh_from_db()
    assert kontakt.is_active


def test_the_last_lead_is_not_deactivated(demo):
    lead = _only_lead(demo)
    with pytest.raises(DomainError, match="eneste delprosjektleder"):
        accounts_services.user_deactivate(acting_user=demo["users"]["okonom"], user=lead.user)
    lead.user.refresh_from_db()
    assert lead.user.is_active


def test_once_the_households_are_handed_over_the_contact_person_may_go(demo):
    """The refusal points to the hand-over; after it, the seat and the user may go."""
    leaving = accounts_services.user_create(
        acting_user=None,
        username="avgang",
        role="contact_person",
        municipality=demo["municipality"],
        first_name="Aud",
        last_name="Avgang",
    )
    seat = services.team_member_add(
        acting_user=None,
        subproject=demo["subprojects"][SUBPROJECT],
        user=leaving,
        team_role=TeamRole.CONTACT_PERSON,
    )
    home = household(demo, alias="Familien Avgang")
    Household.objects.filter(pk=home.pk).update(contact_person=leaving)
    okonom = demo["users"]["okonom"]
    for attempt in (
        lambda: accounts_services.user_deactivate(acting_user=okonom, user=leaving),
        lambda: services.team_member_remove(acting_user=okonom, membership=seat),
    ):
        with pytest.raises(DomainError) as refusal:
            attempt()
        assert "kontaktperson for 1 husstand" in refusal.value.message
        assert "«Overfør husstander»" in refusal.value.message
    people_services.households_hand_over(
        acting_user=okonom, from_user=leaving, to_user=demo["users"]["kontakt"]
    )
    services.team_member_remove(acting_user=okonom, membership=seat)
    accounts_services.user_deactivate(acting_user=okonom, user=leaving)
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert Household.objects.get(pk=home.pk).contact_person == demo["users"]["kontakt"]
