"""The objects the authorization matrix points its URLs at, one per scope.

A scope says where an object lives, seen from the demo's team logins (leder, kontakt, team):

- ``own``: in "Veien til førerkortet", where leder, kontakt and team sit on the team;
- ``other``: in "Praktisk grunnskole", the same municipality (Trondheim), where no demo
  login holds a seat;
- ``foreign``: in a second municipality (Stjørdal) with its own agreement, sub-project,
  team, household, request, decision, payment and bank file.

The economist, the administrator and the state viewer hold no seat anywhere, so for them
``own`` and ``other`` are simply two sub-projects of Trondheim. Agreements and payment
batches belong to a municipality, not to a sub-project: they have ``own`` and ``foreign``
only. The citizen's link (``token``) has one valid token per scope and a ``bad`` one.

Everything is made through the services, like real use, on top of the session's demo.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Invitation, Organisation, OrganisationKind, Role, User
from samskap.effects import services as effects_services
from samskap.effects.models import Goal, Indicator, Outcome, Participant
from samskap.effects.surveys.links import survey_token
from samskap.effects.surveys.models import Survey
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import ProgrammeAgreement
from samskap.outside_account.models import UnitCost
from samskap.payments.models import Payment, PaymentBatch, PaymentStatus, ReturnsFile
from samskap.payments.services import (
    debtor_account_set,
    payment_batch_export,
    payment_returns_import,
)
from samskap.people import services as people_services
from samskap.people.models import (
    Consent,
    ConsentMethod,
    Household,
    LegalBasis,
    LegalBasisRecord,
    Purpose,
    SharingService,
)
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import SubProject, TeamMembership, TeamRole
from samskap.support import services as support_services
from samskap.support.links import letter_token
from samskap.support.models import Decision, MotivationLetter, OtherHelp, SupportRequest
from tests.oversight.factories import acknowledge_ethics

OWN_SUBPROJECT = "Veien til førerkortet"  # leder (lead), kontakt (contact), team (member)
OTHER_SUBPROJECT = "Praktisk grunnskole"  # skole.dahl, skole.strand, politi.aas
VALID_ACCOUNT = "15038010007"  # not the debtor's 86011117947: a payee is never the payer
DEBTOR_ACCOUNT = "86011117947"  # settings.SAMSKAP_DEBTOR, the demo's paying account
BAD_TOKEN = "not-a-signed-token"

SUBPROJECT_SCOPES = ("own", "other", "foreign")
MUNICIPALITY_SCOPES = ("own", "foreign")

# URL keyword -> (the model it names, the scopes the world has an object for).
KWARGS = {
    "agreement_id": (ProgrammeAgreement, MUNICIPALITY_SCOPES),
    "batch_id": (PaymentBatch, MUNICIPALITY_SCOPES),
    "payment_id": (Payment, MUNICIPALITY_SCOPES),
    "returns_file_id": (ReturnsFile, MUNICIPALITY_SCOPES),
    "subproject_id": (SubProject, SUBPROJECT_SCOPES),
    "household_id": (Household, SUBPROJECT_SCOPES),
    "consent_id": (Consent, SUBPROJECT_SCOPES),
    "basis_id": (LegalBasisRecord, SUBPROJECT_SCOPES),
    "letter_id": (MotivationLetter, SUBPROJECT_SCOPES),
    "request_id": (SupportRequest, SUBPROJECT_SCOPES),
    "decision_id": (Decision, SUBPROJECT_SCOPES),
    # A decision's pages go by its request's number, the one people see (issue #10).
    "request_number": (Decision, SUBPROJECT_SCOPES),
    "task_id": (OtherHelp, SUBPROJECT_SCOPES),
    "token": (MotivationLetter, (*SUBPROJECT_SCOPES, "bad")),
    "survey_token": (Survey, (*SUBPROJECT_SCOPES, "bad")),
    "survey_id": (Survey, SUBPROJECT_SCOPES),
    # The outside account's shipped unit costs belong to no municipality: one scope.
    "unit_cost_id": (UnitCost, ("own",)),
    # Staff users who have not chosen a password yet, and an invitation link's token.
    "user_id": (User, MUNICIPALITY_SCOPES),
    # A team seat on each scope's sub-project (the first by id).
    "membership_id": (TeamMembership, SUBPROJECT_SCOPES),
    "invitation": (Invitation, ("own", "bad")),
    # Effects: a goal, its indicator, a participant (enrolment ended) and an outcome each.
    "goal_id": (Goal, SUBPROJECT_SCOPES),
    "indicator_id": (Indicator, SUBPROJECT_SCOPES),
    "participant_id": (Participant, SUBPROJECT_SCOPES),
    "outcome_id": (Outcome, SUBPROJECT_SCOPES),
}


@dataclass
class Scope:
    """One sub-project and a household at every stage that has a page of its own."""

    subproject: SubProject
    organisation: Organisation
    household: Household
    consent: Consent
    basis: LegalBasisRecord
    letter: MotivationLetter  # written, link sent, not confirmed by the citizen yet
    confirmed_letter: MotivationLetter
    request: SupportRequest  # pending: on the team's agenda
    decision: Decision  # awaiting a second approver
    task: OtherHelp  # open: agreed help a service must carry out
    # Effects: the sub-project's goal with one scale indicator, the household's member as
    # a participant whose enrolment has ended (so a POST may enrol them again), an outcome.
    goal: Goal | None = None
    indicator: Indicator | None = None
    participant: Participant | None = None
    outcome: Outcome | None = None

    def objects(self) -> dict:
        return {
            "subproject_id": self.subproject,
            "household_id": self.household,
            "consent_id": self.consent,
            "basis_id": self.basis,
            "letter_id": self.letter,
            "request_id": self.request,
            "decision_id": self.decision,
            "request_number": self.decision,
            "task_id": self.task,
            "token": self.letter,
            "goal_id": self.goal,
            "indicator_id": self.indicator,
            "participant_id": self.participant,
            "outcome_id": self.outcome,
        }


@dataclass
class World:
    users: dict  # the demo logins by username
    scopes: dict[str, Scope]
    agreements: dict[str, ProgrammeAgreement]
    batches: dict[str, PaymentBatch]
    returns_files: dict[str, ReturnsFile] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    # own: a Trondheim payment waiting for the next file; foreign: one in Stjørdal's file.
    payments: dict[str, Payment] = field(default_factory=dict)
    # A perceived-effect survey per scope, unanswered (for the decision awaiting approval).
    surveys: dict[str, Survey] = field(default_factory=dict)
    invitees: dict[str, User] = field(default_factory=dict)
    # own: (the invitation, its token) of a new Trondheim user.
    invitation: tuple = ()

    def target(self, kwarg: str, scope: str):
        """The object a URL keyword points at in a scope (None for the bad token)."""
        if kwarg == "agreement_id":
            return self.agreements[scope]
        if kwarg == "batch_id":
            return self.batches[scope]
        if kwarg == "payment_id":
            return self.payments[scope]
        if kwarg == "returns_file_id":
            return self.returns_files[scope]
        if kwarg in {"token", "survey_token"} and scope == "bad":
            return None
        if kwarg in {"survey_token", "survey_id"}:
            return self.surveys[scope]
        if kwarg == "unit_cost_id":
            return UnitCost.objects.filter(municipality=None).order_by("pk").first()
        if kwarg == "user_id":
            return self.invitees[scope]
        if kwarg == "membership_id":
            return self.scopes[scope].subproject.memberships.order_by("pk").first()
        if kwarg == "invitation":
            return self.invitation[0] if scope == "own" else None
        return self.scopes[scope].objects()[kwarg]

    def url_value(self, kwarg: str, scope: str):
        if kwarg == "token":
            return BAD_TOKEN if scope == "bad" else letter_token(self.target(kwarg, scope))
        if kwarg == "survey_token":
            return BAD_TOKEN if scope == "bad" else survey_token(self.target(kwarg, scope))
        if kwarg == "invitation":
            return BAD_TOKEN if scope == "bad" else self.invitation[1]
        if kwarg == "request_number":
            return self.target(kwarg, scope).request_id
        return self.target(kwarg, scope).pk

    def row_counts(self) -> dict[str, int]:
        """Rows in every Samskap table, in one query: a refusal must leave them alone."""
        quote = connection.ops.quote_name
        # Table names come from the models, never from input.
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in self.tables)  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}")
            return dict(zip(self.tables, cursor.fetchone(), strict=True))


def build_world(demo: dict) -> World:
    users = demo["users"]
    own = _fill_scope(
        demo["subprojects"][OWN_SUBPROJECT],
        contact=users["kontakt"],
        lead=users["leder"],
        second=users["team"],
    )
    own_batch = payment_batch_export(acting_user=users["okonom"], municipality=demo["municipality"])
    # Made after the export, so a payment of Trondheim still waits for the next bank file.
    other = _fill_scope(
        demo["subprojects"][OTHER_SUBPROJECT],
        contact=users["skole.strand"],
        lead=users["skole.dahl"],
        second=users["politi.aas"],
    )
    stjordal = _foreign_municipality(demo)
    foreign = _fill_scope(
        stjordal["subproject"],
        contact=stjordal["kontakt"],
        lead=stjordal["leder"],
        second=stjordal["team"],
    )
    foreign_batch = payment_batch_export(
        acting_user=stjordal["okonom"], municipality=stjordal["municipality"]
    )
    assert own_batch is not None and foreign_batch is not None
    # The bank's first answer to each file: still pending (PDNG), so nothing changes and
    # the file may still be withdrawn; the matrix's returns POST then sends one back.
    returns_files = {
        scope: payment_returns_import(
            acting_user=economist,
            municipality=batch.municipality,
            data=f"{batch.payments.order_by('pk').first().end_to_end_id};PDNG\n".encode(),
            filename="bekreftet.csv",
        ).returns_file
        for scope, batch, economist in (
            ("own", own_batch, users["okonom"]),
            ("foreign", foreign_batch, stjordal["okonom"]),
        )
    }
    invited, token = accounts_services.user_invite(
        acting_user=None,
        municipality=demo["municipality"],
        username="matrise.invitert",
        role=Role.TEAM_MEMBER,
        first_name="Ina",
        last_name="Invitert",
    )
    return World(
        invitees={"own": users["skole.dahl"], "foreign": stjordal["leder"]},
        invitation=(Invitation.objects.get(user=invited), token),
        users=users,
        scopes={"own": own, "other": other, "foreign": foreign},
        agreements={"own": demo["agreement"], "foreign": stjordal["agreement"]},
        batches={"own": own_batch, "foreign": foreign_batch},
        returns_files=returns_files,
        tables=samskap_tables(),
        surveys={
            name: _survey(scope.decision)
            for name, scope in (("own", own), ("other", other), ("foreign", foreign))
        },
        payments={
            "own": Payment.objects.filter(
                municipality=demo["municipality"], status=PaymentStatus.PENDING
            ).first(),
            "foreign": foreign_batch.payments.first(),
        },
    )


def _survey(decision: Decision) -> Survey:
    """An unanswered survey of the support (made directly: the matrix is about access)."""
    now = timezone.now()
    return Survey.objects.create(
        municipality_id=decision.request.household.municipality_id,
        subproject_id=decision.request.subproject_id,
        decision=decision,
        weeks_after=4,
        paid_on=now.date(),
        due_at=now,
        language="nb",
        nonce=f"matrix-{decision.pk}",
    )


def samskap_tables() -> list[str]:
    from django.apps import apps

    return sorted(
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("samskap.")
        for model in config.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    )


# The scope's participant starts this many days ago (its enrolment ends 10 days ago).
ENROLLED_DAYS_AGO = 30


def _member(name: str, subproject) -> people_services.MemberInput:
    """A young person whose age fits `subproject`'s range when the enrolment starts (the
    demo's agreement moves with today, so the birth year does too): the oldest age in it,
    so that they may consent themselves (15 or older) where the range allows."""
    starts_on = timezone.localdate() - datetime.timedelta(days=ENROLLED_DAYS_AGO)
    age = subproject.age_to
    return people_services.MemberInput(
        name=name, role="young_person", birth_year=starts_on.year - age, preferred_language="nb"
    )


def _letter(household, subproject, by) -> MotivationLetter:
    return support_services.letter_write(
        acting_user=by,
        household=household,
        subproject=subproject,
        language="nb",
        need="Førerkort",
        purpose="Kjøretimer",
        commitment="Møte opp til timene",
    )


def _fill_scope(subproject, *, contact, lead, second) -> Scope:
    """A household at every stage in `subproject`, made by its own team."""
    municipality = subproject.agreement.municipality
    organisation = Organisation.objects.filter(municipality=municipality).order_by("pk").first()
    household = people_services.household_create(
        confirm_duplicate=True,
        acting_user=contact,
        subproject=subproject,
        alias=f"Matrisen {subproject.name}",
        bank_account=VALID_ACCOUNT,
        first_member=_member("Matti Matrise", subproject),
    )
    today = timezone.localdate()
    consent = people_services.consent_give(
        acting_user=contact,
        household=household,
        given_by=household.members.get(),
        method=ConsentMethod.WRITTEN,
        given_on=today,
        # The scope's organisation (a municipal unit) is present at the matrix's mappings.
        services=[SharingService.NAV, SharingService.MUNICIPAL_UNIT],
        purposes=[Purpose.NEEDS_MAPPING, Purpose.SUPPORT],
        valid_until=today + datetime.timedelta(days=365),
    )
    basis = people_services.legal_basis_record(
        acting_user=contact,
        household=household,
        basis=LegalBasis.PUBLIC_TASK,
        legal_reference="sosialtjenesteloven § 17",
        services=[SharingService.NAV],
        purposes=[Purpose.COORDINATION],
    )
    # The letter waiting for the citizen belongs to a second household: a household has one
    # current letter per sub-project, and the requests below rest on the confirmed one.
    waiting_home = people_services.household_create(
        confirm_duplicate=True,
        acting_user=contact,
        subproject=subproject,
        alias=f"Matrisen venter {subproject.name}",
        bank_account=VALID_ACCOUNT,
        first_member=_member("Mia Matrise", subproject),
    )
    letter = _letter(waiting_home, subproject, contact)
    support_services.letter_link_issue(acting_user=contact, letter=letter)
    confirmed = support_services.letter_confirm(
        token=letter_token(_letter(household, subproject, contact))
    )

    def request(by, amount):
        return support_services.support_request_create(
            acting_user=by,
            letter=confirmed,
            lines=[
                support_services.LineInput(form="cash", description="Kjøretimer", amount=amount)
            ],
            other_help=[
                support_services.HelpInput(
                    kind="nav",
                    description="Oppfølging mot arbeid",
                    responsible=organisation,
                    due_on=timezone.localdate() + datetime.timedelta(days=14),
                )
            ],
        )

    pending = request(contact, "1000")
    own_proposal = request(lead, "1200")  # the lead's own proposal needs a second approver
    within_limit = request(contact, "1500")  # decided at once: money committed, task open
    meeting = support_services.meeting_hold(
        acting_user=lead,
        subproject=subproject,
        services_present=[organisation],
        decisions=[
            support_services.DecisionInput(
                request_id=r.pk, outcome="approved", rationale="Godt begrunnet"
            )
            for r in (own_proposal, within_limit)
        ],
        idempotency_key=f"matrix-{subproject.pk}",
    )
    awaiting, decided = meeting.decisions
    assert awaiting.needs_second_approval and awaiting.decided_at is None
    assert decided.decided_at is not None, "the lead needs a limit above 1500 kr"
    assert second.pk != lead.pk
    goal = effects_services.goal_create(
        acting_user=None,
        agreement=subproject.agreement,
        subproject=subproject,
        title="Matrisens mål",
    )
    indicator = effects_services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Matrisens skala",
        kind="scale",
        target="4",
        measured_when="Ved slutt",
        measured_how="Samtale",
        recorded_by="team",
    )
    participant = effects_services.participant_enrol(
        acting_user=None,
        subproject=subproject,
        member=household.members.get(),
        starts_on=today - datetime.timedelta(days=ENROLLED_DAYS_AGO),
        ends_on=today - datetime.timedelta(days=10),
    )
    outcome = effects_services.outcome_record(
        acting_user=None,
        participant=participant,
        indicator=indicator,
        value="3",
        measured_on=today - datetime.timedelta(days=20),
        source="staff_observation",
    )
    return Scope(
        goal=goal,
        indicator=indicator,
        participant=participant,
        outcome=outcome,
        subproject=subproject,
        organisation=organisation,
        household=household,
        consent=consent,
        basis=basis,
        letter=letter,
        confirmed_letter=confirmed,
        request=pending,
        decision=awaiting,
        task=OtherHelp.objects.get(request=within_limit),
    )


def _foreign_municipality(demo: dict) -> dict:
    """Stjørdal: its own agreement over the demo's period, one funded sub-project, a team."""
    municipality = accounts_services.municipality_create(
        acting_user=None, name="Stjørdal", number="5035"
    )
    organisation = accounts_services.organisation_create(
        acting_user=None,
        municipality=municipality,
        name="Stjørdal kommune, Familie",
        kind=OrganisationKind.MUNICIPAL_UNIT,
    )
    people = {}
    for username, role in [
        ("okonom", Role.ECONOMIST),
        ("leder", Role.UNIT_LEAD),
        ("kontakt", Role.CONTACT_PERSON),
        ("team", Role.TEAM_MEMBER),
    ]:
        people[username] = accounts_services.user_create(
            acting_user=None,
            username=f"stjordal.{username}",
            role=role,
            municipality=municipality,
            organisation=organisation,
            first_name=username.title(),
            last_name="Stjørdal",
        )
    # Stjørdal's staff decide below: like Trondheim's demo users, they confirm the ethics
    # guide first (the decision services refuse anyone who has not).
    acknowledge_ethics(*people.values())
    economist = people["okonom"]
    debtor_account_set(
        acting_user=economist,
        municipality=municipality,
        name="Stjørdal kommune",
        organisation_number="972418013",
        account="12345678903",
        bic="DNBANOKKXXX",
    )
    trondheim = demo["agreement"]
    scheme = funding_selectors.schemes_of(agreement=trondheim).first()
    agreement = funding_services.agreement_create(
        acting_user=economist,
        municipality=municipality,
        name="Innbyggernes modell, Stjørdal",
        reference="0-24-STJ",
        starts_on=trondheim.starts_on,
        ends_on=trondheim.ends_on,
        yearly_amounts={scheme: {year: Decimal("1000000") for year in trondheim.years}},
    )
    subproject = subproject_services.subproject_create(
        acting_user=economist,
        agreement=agreement,
        name="Ung i Stjørdal",
        summary="Stjørdal sitt delprosjekt.",
        target_group="Unge i Stjørdal",
        age_from=15,
        age_to=24,
    )
    for username, team_role in [
        ("leder", TeamRole.LEAD),
        ("kontakt", TeamRole.CONTACT_PERSON),
        ("team", TeamRole.MEMBER),
    ]:
        subproject_services.team_member_add(
            acting_user=economist,
            subproject=subproject,
            user=people[username],
            team_role=team_role,
        )
    today = timezone.localdate()
    funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=agreement,
        scheme=scheme,
        received_on=today,
        amount=Decimal("500000"),
        reference="STJ-1",
        confirm_above_agreement=True,
    )
    funding_services.allocation_create(
        acting_user=economist,
        subproject=subproject,
        year=funding_selectors.budget_year(agreement=agreement),
        amount=Decimal("200000"),
        reason="Fordeling",
    )
    for team_role in TeamRole.values:
        funding_services.authority_limit_set(
            acting_user=economist,
            municipality=municipality,
            team_role=team_role,
            max_per_decision="10000",
            max_per_household_per_year="30000",
        )
    return {
        "municipality": municipality,
        "agreement": agreement,
        "subproject": subproject,
        **people,
    }
