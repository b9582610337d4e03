"""The support demo: every stage present, money through the ledger, safe to run twice."""

from decimal import Decimal

from samskap.accounts import services as accounts_services
from samskap.accounts.models import OrganisationKind, Role
from samskap.funding import services as funding_services
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamRole
from samskap.support import demo as support_demo
from samskap.support.models import MotivationLetter, RequestStatus, SupportRequest


def test_demo_has_every_stage_and_is_idempotent(demo):
    support_demo.load(demo)
    # The support demo's own households (the effects demo adds its participants' too).
    households = Household.objects.filter(
        municipality=demo["municipality"], alias__in=[row[0] for row in support_demo.HOUSEHOLDS]
    )
    assert households.count() == len(support_demo.HOUSEHOLDS)
    letters = MotivationLetter.objects.filter(household__in=households)
    assert letters.filter(confirmed_at__isnull=True, link_sent_at__isnull=False).count() == 1
    requests = SupportRequest.objects.filter(household__in=households)
    assert requests.filter(status=RequestStatus.PENDING).count() == 1
    payments = Payment.objects.filter(
        municipality=demo["municipality"], support_line__request__household__in=households
    )
    statuses = sorted(payments.values_list("status", flat=True))
    assert statuses == sorted(
        [PaymentStatus.PENDING] * 2 + [PaymentStatus.EXPORTED, PaymentStatus.RETURNED]
    )
    pending = payments.filter(status=PaymentStatus.PENDING)
    assert sorted(p.amount for p in pending) == [Decimal("2300.00"), Decimal("4500.00")]
    assert {p.creditor_account for p in pending} == {"63087861351", "12345678903"}


def unfunded_programme(demo) -> dict:
    """Another town running the same sub-project, with nothing allocated to it yet."""
    town = accounts_services.municipality_create(acting_user=None, name="Testby", number="9999")
    nav = accounts_services.organisation_create(
        acting_user=None, municipality=town, name="NAV Testby", kind=OrganisationKind.NAV
    )
    users = {
        username: accounts_services.user_create(
            acting_user=None,
            username=f"testby.{username}",
            role=role,
            municipality=town,
            organisation=nav,
            first_name=username,
            last_name="Testby",
        )
        for username, role in [
            ("kontakt", Role.CONTACT_PERSON),
            ("leder", Role.UNIT_LEAD),
            ("team", Role.TEAM_MEMBER),
        ]
    }
    agreement = funding_services.agreement_create(
        acting_user=None,
        municipality=town,
        name="Testby 0–24",
        reference="0-24-TEST",
        starts_on=demo["agreement"].starts_on,
        ends_on=demo["agreement"].ends_on,
        yearly_amounts={},
    )
    subproject = subproject_services.subproject_create(
        acting_user=None,
        agreement=agreement,
        name=support_demo.SUBPROJECT,
        summary="Førerkort",
        target_group="Unge",
        age_from=18,
        age_to=24,
    )
    for username, team_role in [
        ("leder", TeamRole.LEAD),
        ("kontakt", TeamRole.CONTACT_PERSON),
        ("team", TeamRole.MEMBER),
    ]:
        subproject_services.team_member_add(
            acting_user=None, subproject=subproject, user=users[username], team_role=team_role
        )
    return {
        "municipality": town,
        "agreement": agreement,
        "users": users,
        "subprojects": {support_demo.SUBPROJECT: subproject},
    }


def test_demo_without_budget_still_shows_the_early_stages(demo):
    context = unfunded_programme(demo)
    support_demo.load(context)
    households = Household.objects.filter(municipality=context["municipality"])
    assert set(households.values_list("alias", flat=True)) >= {"Familien Haugen", "Amina"}
    assert not SupportRequest.objects.filter(household__in=households).exists()


def test_demo_time_to_help_is_a_real_figure_of_days(demo):
    from samskap.support.selectors import time_to_help

    figures = time_to_help(subproject=demo["subprojects"][support_demo.SUBPROJECT])
    assert figures.decided >= 3
    # Needs mapped about eight days before the decisions: far under the ordinary ~4 weeks.
    assert Decimal("7") < figures.median_days_to_decision < Decimal("9")
    assert Decimal("7") < figures.median_days_to_payment < Decimal("9")


def test_every_demo_letter_is_stored_in_the_language_it_is_written_in(demo):
    """Amina's letter (letter 9 of the demo) was stored as Somali with bokmål text, and the
    Rahimis' and Mikael's as Dari and Ukrainian: each is bokmål, the family's own language
    stays on its members."""
    support_demo.load(demo)
    households = Household.objects.filter(
        municipality=demo["municipality"], alias__in=[row[0] for row in support_demo.HOUSEHOLDS]
    )
    letters = MotivationLetter.objects.filter(household__in=households)
    assert letters.filter(household__alias="Amina").exists()
    for letter in letters:
        assert letter.language == "nb", (letter.household.alias, letter.language)
        assert "Jeg trenger førerkort" in letter.need
    amina = households.get(alias="Amina").members.get()
    assert amina.preferred_language == "so"
