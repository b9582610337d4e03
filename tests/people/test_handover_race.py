"""Two leads hand the same household to different people at the same moment (PostgreSQL):
the household row is locked, so exactly one hand-over happens and the other is refused
with "another contact person in the meantime"; the audit trail and the tasks agree."""

import pytest

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.audit.models import AuditRecord
from samskap.people import services
from samskap.people.models import Household
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.web.demo import load_demo
from tests.races import run_together
from tests.support.factories import SUBPROJECT, household


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leads_handing_the_same_household_over_at_once_hand_it_over_once():
    demo = load_demo()
    subproject = demo["subprojects"][SUBPROJECT]
    users = demo["users"]
    # A second lead on Stødig start, and nav.berg made a contact person there.
    second_lead = accounts_services.user_create(
        acting_user=None,
        username="nestleder",
        role=Role.UNIT_LEAD,
        municipality=demo["municipality"],
        first_name="Nina",
        last_name="Nestleder",
    )
    subproject_services.team_member_add(
        acting_user=None, subproject=subproject, user=second_lead, team_role=TeamRole.LEAD
    )
    subproject_services.team_role_change(
        acting_user=None,
        membership=TeamMembership.objects.get(subproject=subproject, user=users["nav.berg"]),
        team_role=TeamRole.CONTACT_PERSON,
    )
    home = household(demo, alias="Familien Samtidig")
    kontakt = users["kontakt"]
    assert home.contact_person == kontakt

    def hand(lead, to):
        return lambda: services.household_contact_person_set(
            acting_user=lead, household=home, contact_person=to, expected_contact_person=kontakt
        )

    for _round in range(3):
        Household.objects.filter(pk=home.pk).update(contact_person=kontakt)
        audit_before = AuditRecord.objects.filter(
            action="household.contact_person", object_id=str(home.pk)
        ).count()
        results, refusals = run_together(
            hand(users["leder"], users["nav.berg"]), hand(second_lead, second_lead)
        )
        assert len(results) == 1 and len(refusals) == 1
        assert "i mellomtiden" in refusals[0].message
        winner = results[0].contact_person
        assert Household.objects.get(pk=home.pk).contact_person == winner
        rows = AuditRecord.objects.filter(
            action="household.contact_person", object_id=str(home.pk)
        ).order_by("pk")
        assert rows.count() == audit_before + 1
        assert rows.last().new_values["contact_person"] == winner.pk
        assert rows.last().old_values == {"contact_person": kontakt.pk}
