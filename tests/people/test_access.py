"""people.access is the one way to a household: every write service checks the acting user
itself, so a caller that is not a view is refused just like a page, and nothing is written."""

import pytest
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.audit.models import AuditRecord
from samskap.core.errors import NotFoundOrForbidden
from samskap.funding import services as funding_services
from samskap.people import access, sections, services
from samskap.people.models import Consent, Member
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamRole
from tests.support.factories import VALID_ACCOUNT, consent_arguments, household

# Sits on the household's team (Stødig start) in the demo, next to "kontakt" and "leder".
TEAM_MATE = "nav.berg"
# The municipality's economy and a member of other teams (no seat on that one), the state.
OUTSIDERS = ("okonom", "admin", "team", "stat")


@pytest.fixture
def stranger(demo):
    """A contact person in another municipality, with a seat on her own team there."""
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    economist = accounts_services.user_create(
        acting_user=None,
        username="bamble.okonom",
        role=Role.ECONOMIST,
        municipality=bamble,
        first_name="Berit",
        last_name="Bamble",
    )
    contact = accounts_services.user_create(
        acting_user=None,
        username="bamble.kontakt",
        role=Role.CONTACT_PERSON,
        municipality=bamble,
        first_name="Kari",
        last_name="Bamble",
    )
    agreement = funding_services.agreement_create(
        acting_user=economist,
        municipality=bamble,
        name="Bamble 0–24",
        reference="0-24-BAM",
        starts_on=demo["agreement"].starts_on,
        ends_on=demo["agreement"].ends_on,
        yearly_amounts={},
    )
    subproject = subproject_services.subproject_create(
        acting_user=economist,
        agreement=agreement,
        name="Ung i Bamble",
        summary="s",
        target_group="t",
        age_from=15,
        age_to=24,
    )
    subproject_services.team_member_add(
        acting_user=None, subproject=subproject, user=contact, team_role=TeamRole.CONTACT_PERSON
    )
    return contact


def outsiders(demo, stranger):
    return [demo["users"][name] for name in OUTSIDERS] + [stranger, None]


def test_the_team_reaches_the_household_to_read_and_to_write(demo):
    home = household(demo)
    for name in ("kontakt", TEAM_MATE):
        user = demo["users"][name]
        assert access.access_household(user=user, household_id=home.pk) == home
        assert access.access_household(user=user, household_id=home.pk, for_write=True) == home


def test_missing_and_not_yours_are_the_same_error(demo, stranger):
    home = household(demo)
    kontakt = demo["users"]["kontakt"]
    with pytest.raises(NotFoundOrForbidden) as missing:
        access.access_household(user=kontakt, household_id=home.pk + 999)
    for user in outsiders(demo, stranger):
        for for_write in (False, True):
            with pytest.raises(NotFoundOrForbidden) as forbidden:
                access.access_household(user=user, household_id=home.pk, for_write=for_write)
            assert str(forbidden.value) == str(missing.value)


def test_consent_is_reached_only_through_its_household(demo, stranger):
    home = household(demo)
    consent = services.consent_give(acting_user=demo["users"]["kontakt"], **consent_arguments(home))
    mate = demo["users"][TEAM_MATE]
    assert access.access_consent(user=mate, consent_id=consent.pk, for_write=True) == consent
    for user in outsiders(demo, stranger):
        with pytest.raises(NotFoundOrForbidden):
            access.access_consent(user=user, consent_id=consent.pk, for_write=True)


def _written(home) -> tuple:
    home.refresh_from_db()
    return (
        Member.objects.filter(household=home).count(),
        (home.bank_account, home.account_holder),
        list(Consent.objects.filter(household=home).values_list("pk", "withdrawn_at")),
        AuditRecord.objects.count(),
    )


def test_write_services_refuse_outsiders_themselves_and_write_nothing(demo, stranger):
    home = household(demo)
    consent = services.consent_give(acting_user=demo["users"]["kontakt"], **consent_arguments(home))
    before = _written(home)
    writes = {
        "member_add": lambda user: services.member_add(
            acting_user=user,
            household=home,
            data=services.MemberInput(name="Lille", role="child", birth_year=2015),
        ),
        "bank_account": lambda user: services.household_bank_account_set(
            confirm_duplicate=True,
            acting_user=user,
            household=home,
            bank_account="12345678903",
            account_holder="X",
        ),
        "consent_give": lambda user: services.consent_give(
            acting_user=user, **consent_arguments(home)
        ),
        "consent_withdraw": lambda user: services.consent_withdraw(
            acting_user=user, consent=consent
        ),
    }
    for user in outsiders(demo, stranger):
        for name, write in writes.items():
            with pytest.raises(NotFoundOrForbidden):
                write(user)
            assert _written(home) == before, f"{name} by {user} wrote something"
    assert home.bank_account == VALID_ACCOUNT


def test_a_team_mate_may_write_through_the_services(demo):
    home = household(demo)
    mate = demo["users"][TEAM_MATE]
    services.member_add(
        acting_user=mate,
        household=home,
        data=services.MemberInput(name="Lille", role="child", birth_year=2015),
    )
    services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=mate,
        household=home,
        bank_account="12345678903",
        account_holder="Sara",
    )
    assert home.members.count() == 2 and home.bank_account == "12345678903"


def test_write_pages_are_404_for_outsiders(demo, client_for):
    home = household(demo)
    for name in ("member_add", "bank_account", "consent_give"):
        url = reverse(f"people:{name}", args=[home.pk])
        assert client_for("kontakt").get(url).status_code == 200
        for outsider in ("okonom", "team", "stat"):
            assert client_for(outsider).get(url).status_code == 404
            assert client_for(outsider).post(url, {}).status_code == 404


def test_other_contexts_add_sections_to_the_household_page(demo, client_for):
    home = household(demo)
    seen = []

    def extra(*, household, user):
        seen.append((household.pk, user.username))
        return sections.HouseholdSection(
            template_name="people/_test_section.html", context={"word": "Fotball"}
        )

    page = client_for("kontakt").get(reverse("people:detail", args=[home.pk])).content.decode()
    # Support's buttons and panels come through the registry.
    assert reverse("support:mapping_create", args=[home.pk]) in page
    sections.register_household_section(extra)
    sections.register_household_section(extra)  # once only
    try:
        placed = sections.household_sections(household=home, user=demo["users"]["kontakt"])
    finally:
        sections.unregister_household_section(extra)
    assert seen == [(home.pk, "kontakt")]
    assert placed["panels"][-1].context == {"word": "Fotball"}
    assert [s.template_name for s in placed["actions"]] == ["support/_household_actions.html"]
