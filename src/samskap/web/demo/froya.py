"""A second, small municipality in the demo: Frøya, one of the twelve pilot municipalities,
so the state's view shows more than one.

Its own staff (no passwords: nobody logs in as them), programme bank account, agreement
over the demo's period with two schemes, two sub-projects with their teams, this year's
receipts and allocations, and supports made through the support flow: six households in
"Ung på Frøya" (a group the state may see) and two in "Familier i sentrum" (too few to be
shown), decided two days ago and sent to the bank today. Idempotent: a second run finds
Frøya and changes nothing.
"""

import datetime
from decimal import Decimal
from importlib import import_module

from django.db.models import F
from django.utils import timezone

from samskap.accounts import services as accounts_services
from samskap.accounts.models import OrganisationKind, Role, User
from samskap.core.models import Municipality
from samskap.effects.demo import answer_surveys
from samskap.effects.demo_data import FROYA_SURVEY_ANSWERS
from samskap.effects.surveys.services import surveys_schedule
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import GrantScheme
from samskap.payments.services import debtor_account_set, payment_batch_export
from samskap.people.models import Enrolment, Household
from samskap.people.services import MemberInput, household_create
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import SubProject, TeamRole
from samskap.support import services as support_services
from samskap.support.links import letter_token
from samskap.support.models import Decision, Meeting, MotivationLetter, SupportRequest
from samskap.web.demo.foundation import demo_period

NUMBER = "5014"
# (budget chapter, post) of two of the five pooled schemes, and Frøya's yearly amount.
SCHEMES = [(("846", "61"), Decimal("400000.00")), (("621", "63"), Decimal("300000.00"))]
STAFF = [
    ("froya.okonom", Role.ECONOMIST, "Frida", "Fjeld"),
    ("froya.leder", Role.UNIT_LEAD, "Lars", "Sandvik"),
    ("froya.kontakt", Role.CONTACT_PERSON, "Kine", "Strand"),
    ("froya.nav", Role.TEAM_MEMBER, "Nora", "Hallaren"),
]
SUBPROJECTS = [
    {
        "name": "Ung på Frøya",
        "summary": "Jobb, førerkort og fritid for unge på øya, med havbruksnæringen.",
        "target_group": "Unge 15–24 år på Frøya",
        "ages": (15, 24),
        "allocated": Decimal("250000"),
        # (alias, young person's name, birth year, amount)
        "households": [
            ("Sandvika 1", "Ola", 2005, "6000"),
            ("Sandvika 2", "Ingrid", 2006, "4500"),
            ("Sistranda 1", "Jonas", 2004, "8000"),
            ("Sistranda 2", "Maja", 2007, "3500"),
            ("Hamarvik 1", "Sander", 2005, "5200"),
            ("Titran 1", "Emma", 2006, "7000"),
        ],
    },
    {
        "name": "Familier i sentrum",
        "summary": "Hjelp til familier med små barn der flere tjenester møtes.",
        "target_group": "Barnefamilier på Frøya",
        "ages": (0, 17),
        "allocated": Decimal("150000"),
        "households": [
            ("Nordskaget 1", "Lea", 2012, "4000"),
            ("Nordskaget 2", "Noah", 2014, "2500"),
        ],
    },
]


def _account(serial: int) -> str:
    """A valid Norwegian account number (mod 11), the demo's own series."""
    base = f"42011{serial:05d}"
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    check = (11 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11) % 11
    return base + str(check) if check != 10 else _account(serial + 100)


def _confirm_ethics(users: dict) -> None:
    """Frøya's staff confirm the ethics guide before they decide, like Trondheim's, through
    oversight's own demo step, where the guide is installed."""
    try:
        oversight_demo = import_module("samskap.oversight.demo")
    except ModuleNotFoundError:
        return
    oversight_demo.load({"users": users})


def load(context: dict) -> None:
    municipality = Municipality.objects.filter(number=NUMBER).first()
    if municipality is None:
        municipality = _create()
    context["froya"] = municipality
    # Perceived effect in "Ung på Frøya" (12 answers; once, like the rest).
    answer_surveys(
        subproject=SubProject.objects.get(
            agreement__municipality=municipality, name=SUBPROJECTS[0]["name"]
        ),
        recorded_by=User.objects.get(username="froya.kontakt"),
        answers=FROYA_SURVEY_ANSWERS,
    )
    # The other sub-project's payouts get their surveys as the worker or cron would make
    # them (the survey step ran before Frøya existed).
    surveys_schedule()


def _create():
    today = timezone.localdate()
    municipality = accounts_services.municipality_create(
        acting_user=None, name="Frøya", number=NUMBER
    )
    unit = accounts_services.organisation_create(
        acting_user=None,
        municipality=municipality,
        name="Frøya kommune, Oppvekst",
        kind=OrganisationKind.MUNICIPAL_UNIT,
    )
    nav = accounts_services.organisation_create(
        acting_user=None,
        municipality=municipality,
        name="NAV Hitra Frøya",
        kind=OrganisationKind.NAV,
    )
    users = {
        username: accounts_services.user_create(
            acting_user=None,
            username=username,
            role=role,
            municipality=municipality,
            organisation=nav if role == Role.TEAM_MEMBER else unit,
            first_name=first,
            last_name=last,
        )
        for username, role, first, last in STAFF
    }
    economist = users["froya.okonom"]
    _confirm_ethics(users)
    debtor_account_set(
        acting_user=None,
        municipality=municipality,
        name="Frøya kommune",
        organisation_number="964982953",
        account=_account(1),
        bic="DNBANOKKXXX",
    )
    starts_on, ends_on = demo_period(today)
    schemes = [
        (GrantScheme.objects.get(budget_chapter=chapter, budget_post=post), yearly)
        for (chapter, post), yearly in SCHEMES
    ]
    agreement = funding_services.agreement_create(
        acting_user=economist,
        municipality=municipality,
        name="Innbyggernes modell – programfinansiering 0–24, Frøya",
        reference="0-24-FRO",
        starts_on=starts_on,
        ends_on=ends_on,
        yearly_amounts={
            scheme: {year: yearly for year in range(starts_on.year, ends_on.year + 1)}
            for scheme, yearly in schemes
        },
    )
    received_on = min(datetime.date(today.year, 2, 15), today)
    for scheme, yearly in schemes:
        funding_services.grant_receipt_create(
            acting_user=economist,
            agreement=agreement,
            scheme=scheme,
            received_on=received_on,
            amount=yearly,
            reference=f"{scheme.budget_line}-{today.year}-FRO",
        )
    for team_role in TeamRole.values:
        funding_services.authority_limit_set(
            acting_user=economist,
            municipality=municipality,
            team_role=team_role,
            max_per_decision="10000",
            max_per_household_per_year="30000",
        )
    serial = 10
    decided = []
    for spec in SUBPROJECTS:
        subproject = subproject_services.subproject_create(
            acting_user=economist,
            agreement=agreement,
            name=spec["name"],
            summary=spec["summary"],
            target_group=spec["target_group"],
            age_from=spec["ages"][0],
            age_to=spec["ages"][1],
        )
        for username, team_role in (
            ("froya.leder", TeamRole.LEAD),
            ("froya.kontakt", TeamRole.CONTACT_PERSON),
            ("froya.nav", TeamRole.MEMBER),
        ):
            subproject_services.team_member_add(
                acting_user=None, subproject=subproject, user=users[username], team_role=team_role
            )
        funding_services.allocation_create(
            acting_user=economist,
            subproject=subproject,
            year=funding_selectors.budget_year(agreement=agreement),
            amount=spec["allocated"],
            reason="Fordeling etter budsjettmøtet",
        )
        requests = []
        for alias, name, year, amount in spec["households"]:
            serial += 1
            household = household_create(
                acting_user=users["froya.kontakt"],
                subproject=subproject,
                alias=alias,
                bank_account=_account(serial),
                first_member=MemberInput(
                    name=name,
                    role="young_person" if year < 2008 else "child",
                    birth_year=year,
                    preferred_language="nb",
                ),
            )
            letter = support_services.letter_write(
                acting_user=users["froya.kontakt"],
                household=household,
                subproject=subproject,
                language="nb",
                need="Det vi trenger for å komme i gang.",
                purpose="Utstyr, kurs og reise.",
                commitment="Vi møter opp og sier fra hvis noe endrer seg.",
            )
            letter = support_services.letter_confirm(token=letter_token(letter))
            requests.append(
                support_services.support_request_create(
                    acting_user=users["froya.kontakt"],
                    letter=letter,
                    lines=[
                        support_services.LineInput(
                            form="cash", description="Etter motivasjonsbrevet", amount=amount
                        )
                    ],
                    other_help=[
                        support_services.HelpInput(
                            kind="nav",
                            description="Oppfølging fra NAV",
                            responsible=nav,
                            due_on=today + datetime.timedelta(days=30),
                        )
                    ],
                )
            )
        meeting = support_services.meeting_hold(
            acting_user=users["froya.leder"],
            subproject=subproject,
            services_present=[unit, nav],
            decisions=[
                support_services.DecisionInput(
                    request_id=request.pk,
                    outcome="approved",
                    rationale="I tråd med målene; motivasjonsbrevet er tydelig.",
                )
                for request in requests
            ],
            idempotency_key=f"demo-froya-{subproject.pk}",
        )
        decided += [decision.pk for decision in meeting.decisions]
    payment_batch_export(acting_user=economist, municipality=municipality)
    # Households registered eight days ago, letters a week ago, requests four days ago,
    # decisions two days ago, the file today:
    # the state's view shows a real time to help.
    households = Household.objects.filter(municipality=municipality)
    for model, field, days in (
        (MotivationLetter, "written_at", 7),
        (MotivationLetter, "confirmed_at", 6),
        (SupportRequest, "requested_at", 4),
    ):
        model.objects.filter(household__in=households).update(
            **{field: F(field) - datetime.timedelta(days=days)}
        )
    eight_days = datetime.timedelta(days=8)
    Enrolment.objects.filter(household__in=households).update(
        enrolled_at=F("enrolled_at") - eight_days
    )
    households.update(created_at=F("created_at") - eight_days)
    two_days = datetime.timedelta(days=2)
    Meeting.objects.filter(subproject__agreement=agreement).update(held_at=F("held_at") - two_days)
    Decision.objects.filter(pk__in=decided).update(
        decided_at=F("decided_at") - two_days, recorded_at=F("recorded_at") - two_days
    )
    return municipality
