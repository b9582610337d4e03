"""The demo is Trondheim's programme as in the brief, and loading it twice changes nothing."""

from decimal import Decimal

from django.apps import apps
from django.core.management import call_command

from samskap.funding.models import GrantScheme, SchemeYearAmount
from samskap.subprojects.models import SubProject

BRIEF_SUBPROJECTS = {
    "Tidlig innsats Brundalen",
    "Fritid for alle barn og unge",
    "Stødig start",
    "Veien til førerkortet",
    "På egne ben, men ikke alene",
    "Som de andre",
    "Flyktningefamilien i sentrum",
    "Praktisk grunnskole",
}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def organisation_kinds(subproject) -> set[str]:
    memberships = subproject.memberships.select_related("user__organisation")
    return {membership.user.organisation.kind for membership in memberships}


def test_demo_holds_the_brief(demo):
    agreement = demo["agreement"]
    assert agreement.ends_on.year - agreement.starts_on.year + 1 == 3
    schemes = GrantScheme.objects.all()
    assert schemes.count() == 5
    assert len({scheme.ministry for scheme in schemes}) == 4
    assert all(
        scheme.directorate and scheme.budget_chapter and scheme.budget_post for scheme in schemes
    )
    lines = SchemeYearAmount.objects.filter(agreement=agreement)
    assert lines.count() == 5 * 3
    assert sum(line.amount for line in lines) == Decimal("45000000.00")
    subprojects = SubProject.objects.filter(agreement=agreement)
    assert set(subprojects.values_list("name", flat=True)) == BRIEF_SUBPROJECTS
    for subproject in subprojects:
        kinds = {
            m.user.organisation.kind
            for m in subproject.memberships.select_related("user__organisation")
        }
        assert subproject.effect_goals.exists()
        assert len(kinds) >= 2, f"{subproject} has no interdisciplinary team"
    all_kinds = {
        m.user.organisation.kind
        for m in demo["subprojects"]["Veien til førerkortet"].memberships.select_related(
            "user__organisation"
        )
    }
    assert {"municipal_unit", "nav", "police"} <= all_kinds


def test_demo_has_one_login_per_role(demo):
    users = demo["users"]
    roles = {
        name: users[name].role for name in ("okonom", "leder", "kontakt", "team", "stat", "admin")
    }
    assert roles == {
        "okonom": "economist",
        "leder": "unit_lead",
        "kontakt": "contact_person",
        "team": "team_member",
        "stat": "state_viewer",
        "admin": "administrator",
    }
    assert all(users[name].check_password("samskap-demo") for name in roles)


def test_second_load_changes_nothing(demo, capsys):
    before = row_counts()
    call_command("load_demo")
    assert row_counts() == before
    assert "okonom" in capsys.readouterr().out
