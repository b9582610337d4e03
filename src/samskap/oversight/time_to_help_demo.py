"""The time-to-help step of the Trondheim demo (called from samskap.web.demo); idempotent.

Eight refugee families in "Flyktningefamilien i sentrum" go the whole way through the
services (needs mapped with several services, letter confirmed, decided in one of three
team meetings, paid and confirmed by the bank), then their time stamps are put back to
four or five months ago, so the time-to-help page shows real figures. (That long ago,
their perceived-effect surveys' links would have expired: none are made for them.) Runs before
the support step, so its bank file holds these payments only. Also two quarters of unit
indicators for the unit for children and families.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.funding import selectors as funding_selectors
from samskap.oversight.time_to_help_services import unit_indicator_record
from samskap.payments.models import Payment, PaymentBatch
from samskap.payments.services import payment_batch_export, payment_returns_import
from samskap.people.models import (
    ConsentMethod,
    Enrolment,
    Household,
    Purpose,
    SharingService,
)
from samskap.people.services import MemberInput, consent_give, household_create, member_add
from samskap.support import services
from samskap.support.links import letter_token
from samskap.support.models import Decision, Meeting, MotivationLetter, NeedsMapping, SupportRequest

SUBPROJECT = "Flyktningefamilien i sentrum"
UNIT = "Trondheim kommune, Enhet for barn og familier"

# (alias, parent's name and age, child's name and age, language, amount, days mapped →
# confirmed, confirmed → decided, decided → paid). Three meetings. Ages, not birth years:
# the demo's dates move with today, and the children take part in the sub-project (ages
# 0–18) only while young enough; the birth year is counted back from this year.
MEETINGS = [
    (
        150,
        [
            ("Familien Haile", ("Selam", 40), ("Yonas", 13), "ti", "6500", 2, 3, 1),
            ("Familien Osman", ("Hodan", 36), ("Ayaan", 10), "so", "4200", 1, 4, 2),
            ("Familien Kovalenko", ("Olena", 41), ("Marko", 15), "uk", "8900", 3, 2, 1),
        ],
    ),
    (
        135,
        [
            ("Familien Karimi", ("Zahra", 38), ("Ali", 12), "prs", "5600", 5, 6, 3),
            ("Familien Nasser", ("Rania", 43), ("Omar", 16), "ar", "3800", 2, 2, 1),
            ("Familien Bondarenko", ("Iryna", 39), ("Sofia", 11), "uk", "7400", 4, 8, 2),
        ],
    ),
    (
        120,
        [
            ("Familien Tesfay", ("Mehret", 35), ("Luwam", 9), "ti", "4900", 1, 3, 1),
            ("Familien Yusuf", ("Amal", 42), ("Abdi", 14), "so", "6100", 7, 5, 2),
        ],
    ),
]
# (sick leave %, substitute costs NOK) of the last two full quarters before this one,
# falling as the thesis reports.
INDICATORS = [("8.4", "312000.00"), ("7.1", "268500.00")]


def _account(seed: int) -> str:
    """A valid Norwegian account number (MOD11) that no other demo household uses."""
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    number = 9710_000_000 + seed * 7919
    while True:
        digits = f"{number:010d}"
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return digits + str(check)
        number += 1


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load(context: dict) -> None:
    municipality = context["municipality"]
    aliases = [row[0] for _days, rows in MEETINGS for row in rows]
    if Household.objects.filter(municipality=municipality, alias__in=aliases).exists():
        return
    users = context["users"]
    subproject = context["subprojects"][SUBPROJECT]
    needed = sum(Decimal(row[5]) for _days, rows in MEETINGS for row in rows)
    if funding_selectors.subproject_budget(subproject=subproject).remaining < needed:
        return
    # The team's members take turns as contact person, as in a real team.
    contacts = [users["nav.hansen"], users["helse.lie"], users["politi.aas"]]
    lead, economist = users["leder"], users["okonom"]
    present = list(
        Organisation.objects.filter(members__team_memberships__subproject=subproject)
        .distinct()
        .order_by("name")
    )
    school = Organisation.objects.get(municipality=municipality, name__endswith="utdanning")
    today = timezone.localdate()
    plan = []  # (request, decided day, d1, d2, d3)
    seed = 0
    for meeting_number, (days_ago, rows) in enumerate(MEETINGS, start=1):
        requests = []
        for alias, parent, child, language, amount, d1, d2, d3 in rows:
            seed += 1
            contact = contacts[seed % len(contacts)]
            household = household_create(
                acting_user=contact,
                subproject=subproject,
                alias=alias,
                bank_account=_account(seed),
                first_member=MemberInput(
                    name=parent[0],
                    role="parent",
                    birth_year=today.year - parent[1],
                    preferred_language=language,
                ),
            )
            member_add(
                acting_user=contact,
                household=household,
                data=MemberInput(
                    name=child[0],
                    role="child",
                    birth_year=today.year - child[1],
                    preferred_language=language,
                ),
            )
            # Consent first: needs are mapped with the services only when it covers them.
            consent_give(
                acting_user=contact,
                household=household,
                given_by=household.members.order_by("pk").first(),
                method=ConsentMethod.WRITTEN,
                given_on=today - datetime.timedelta(days=days_ago + 20),
                services=sorted({org.kind for org in present} & set(SharingService.values)),
                purposes=[Purpose.NEEDS_MAPPING, Purpose.COORDINATION, Purpose.SUPPORT],
                valid_until=today + datetime.timedelta(days=365),
            )
            services.needs_mapping_record(
                acting_user=contact,
                household=household,
                subproject=subproject,
                place="home",
                services_present=present,
                basic_needs=["bed", "clothing", "school"],
            )
            letter = services.letter_write(
                acting_user=contact,
                household=household,
                subproject=subproject,
                language=language,
                need="Senger og vinterklær til barna, og skoleutstyr.",
                purpose="Kjøpe senger, vinterklær og skolesekk.",
                commitment="Vi møter på skolen og hos NAV som avtalt.",
                other_help_wanted="Hjelp til å finne fritidsaktivitet for barna.",
            )
            services.letter_link_issue(acting_user=contact, letter=letter)
            letter = services.letter_confirm(token=letter_token(letter))
            request = services.support_request_create(
                acting_user=contact,
                letter=letter,
                lines=[
                    services.LineInput(
                        form="cash", description="Senger, vinterklær og skoleutstyr", amount=amount
                    )
                ],
                other_help=[
                    services.HelpInput(
                        kind="school",
                        description="Oppfølging av barnas skolestart",
                        responsible=school,
                        due_on=today + datetime.timedelta(days=30),
                    )
                ],
            )
            requests.append(request)
            plan.append((request, today - datetime.timedelta(days=days_ago), d1, d2, d3))
        result = services.meeting_hold(
            acting_user=lead,
            subproject=subproject,
            services_present=[*present, school],
            decisions=[
                services.DecisionInput(
                    request_id=r.pk,
                    outcome="approved",
                    rationale="Grunnleggende behov i familien; brevet er tydelig.",
                )
                for r in requests
            ],
            idempotency_key=f"demo-flyktning-{meeting_number}",
        )
        for decision in result.decisions:
            if decision.decided_at is None:
                services.decision_confirm(acting_user=users["helse.lie"], decision=decision)
    batch = payment_batch_export(acting_user=economist, municipality=municipality)
    if batch is not None:
        payment_returns_import(
            acting_user=economist,
            municipality=municipality,
            data="".join(f"{p.end_to_end_id};ACSC\n" for p in batch.payments.all()).encode(),
            filename="bekreftet-flyktning.csv",
        )
    _spread(plan, batch)
    _indicators(economist, municipality, today)


def _spread(plan, batch) -> None:
    """Put each case's steps back to the plan's days (the services stamp them now)."""
    first_export = None
    for request, decided_day, d1, d2, d3 in plan:
        decided = _at(decided_day, 13)
        confirmed = decided - datetime.timedelta(days=d2, hours=3)
        mapped = confirmed - datetime.timedelta(days=d1, hours=2)
        paid_on = decided_day + datetime.timedelta(days=d3)
        # Registered and enrolled the day before the mapping (a family with two cases
        # keeps the earlier day).
        registered = mapped - datetime.timedelta(days=1)
        Household.objects.filter(pk=request.household_id, created_at__gt=registered).update(
            created_at=registered
        )
        Enrolment.objects.filter(
            household_id=request.household_id, enrolled_at__gt=registered
        ).update(enrolled_at=registered)
        NeedsMapping.objects.filter(
            household_id=request.household_id, subproject_id=request.subproject_id
        ).update(mapped_at=mapped)
        MotivationLetter.objects.filter(pk=request.letter_id).update(
            written_at=mapped + datetime.timedelta(hours=1),
            link_sent_at=mapped + datetime.timedelta(hours=1),
            confirmed_at=confirmed,
        )
        SupportRequest.objects.filter(pk=request.pk).update(
            requested_at=confirmed + datetime.timedelta(hours=1)
        )
        Decision.objects.filter(request=request).update(recorded_at=decided, decided_at=decided)
        Meeting.objects.filter(decisions__request=request).update(held_at=decided)
        exported = _at(decided_day, 15)
        first_export = min(first_export or exported, exported)
        Payment.objects.filter(support_line__request=request).update(
            exported_at=exported, confirmed_at=_at(paid_on, 9), paid_on=paid_on
        )
    if batch is not None and first_export is not None:
        PaymentBatch.objects.filter(pk=batch.pk).update(created_at=first_export)


def _indicators(economist, municipality, today) -> None:
    unit = Organisation.objects.get(municipality=municipality, name=UNIT)
    quarter = (today.month - 1) // 3 + 1
    periods = []
    year, q = today.year, quarter
    for _step in range(len(INDICATORS)):
        q -= 1
        if q == 0:
            year, q = year - 1, 4
        periods.append((year, q))
    for (year, q), (sick, costs) in zip(reversed(periods), INDICATORS, strict=True):
        unit_indicator_record(
            acting_user=economist,
            organisation_id=unit.pk,
            year=year,
            quarter=q,
            sick_leave_percent=sick,
            substitute_costs=costs,
        )
