"""The effects step of the Trondheim demo (called from samskap.web.demo); idempotent.

Goals and indicators for the eight sub-projects; "Veien til førerkortet" gets the thesis's
cohort (20 participants, 20 licences, 16 in work, no registered crime), "Fritid for alle"
a waiting list to compare with, "Som de andre" too few families to show anything."""

import datetime

from django.conf import settings
from django.utils import timezone

from samskap.audit.services import audit_record_create
from samskap.effects import demo_data as data
from samskap.effects import participation_services, services
from samskap.effects.models import (
    Goal,
    Indicator,
    Participant,
    ParticipantGroup,
    ParticipantRole,
)
from samskap.effects.surveys.links import new_nonce
from samskap.effects.surveys.models import Survey
from samskap.effects.surveys.services import SurveyAnswer, survey_record_conversation
from samskap.effects.surveys.services.scheduling import PAID_OUT
from samskap.payments.models import Payment
from samskap.people.models import Enrolment, Household
from samskap.people.services import MemberInput, household_create, member_add
from samskap.support.models import Decision


def _day(start: datetime.date, days: int) -> datetime.date:
    return min(start + datetime.timedelta(days=days), timezone.localdate())


def _goals(agreement, subproject, specs, plan_goals) -> dict[str, Indicator]:
    indicators = {}
    for title, sdg, plans, indicator_specs in specs:
        goal = services.goal_create(
            acting_user=None,
            agreement=agreement,
            subproject=subproject,
            title=title,
            sdg_targets=sdg,
            plan_goals=[plan_goals[code] for code in plans],
        )
        for name, kind, target, baseline, when, how, who in indicator_specs:
            indicators[name] = services.indicator_create(
                acting_user=None,
                goal=goal,
                name=name,
                kind=kind,
                target=target,
                direction="lower" if name in data.LOWER_IS_BETTER else "higher",
                baseline_value=baseline,
                baseline_date=agreement.starts_on if baseline is not None else None,
                measured_when=when,
                measured_how=how,
                recorded_by=who,
            )
    return indicators


def _born(age: int, starts_on: datetime.date) -> int:
    """The birth year of someone `age` years old at `starts_on` (the demo gives ages, not
    birth years, so its cohorts stay within their sub-projects' ranges as the dates move)."""
    return starts_on.year - age


def _person(*, contact, subproject, name, age, starts_on, group=ParticipantGroup.PARTICIPANT):
    household = household_create(
        acting_user=contact,
        subproject=subproject,
        alias=name,
        first_member=MemberInput(
            name=name,
            role="young_person" if age >= 18 else "child",
            birth_year=_born(age, starts_on),
        ),
    )
    _registered_on(household, starts_on)
    return services.participant_enrol(
        acting_user=None,
        subproject=subproject,
        member=household.members.get(),
        starts_on=starts_on,
        group=group,
    )


def _registered_on(household, day: datetime.date) -> None:
    """The story's household was registered and enrolled the day it started taking part,
    not when the demo was loaded (the household page shows "Registered")."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Household.objects.filter(pk=household.pk).update(created_at=at)
    Enrolment.objects.filter(household=household).update(enrolled_at=at)


def _outcome(participant, indicator, value, day, source="register"):
    return services.outcome_record(
        acting_user=None,
        participant=participant,
        indicator=indicator,
        value=value,
        measured_on=day,
        source=source,
    )


def load(context: dict) -> None:
    agreement = context["agreement"]
    if not Goal.objects.filter(agreement=agreement).exists():
        _goals_and_first_cohorts(context)
    _lower_is_better(agreement)
    _other_cohorts(context)
    for name, (username, answers) in data.SURVEY_ANSWERS.items():
        answer_surveys(
            subproject=context["subprojects"][name],
            recorded_by=context["users"][username],
            answers=answers,
        )


def _paid_on(decision_ids) -> dict[int, datetime.date]:
    """Decision id -> the day of its first payout (confirmed, or sent to the bank)."""
    first: dict[int, datetime.date] = {}
    rows = Payment.objects.filter(
        status__in=PAID_OUT, support_line__request__decision__in=decision_ids
    ).values_list("support_line__request__decision", "paid_on", "exported_at")
    for decision_id, paid_on, exported_at in rows:
        day = paid_on or (timezone.localdate(exported_at) if exported_at else None)
        if day is not None and (decision_id not in first or day < first[decision_id]):
            first[decision_id] = day
    return first


def answer_surveys(*, subproject, recorded_by, answers) -> int:
    """The perceived-effect surveys of the sub-project's paid decisions, one per round, and
    `answers` [(helped, how much)] written down by a team member in conversations. Once:
    a sub-project with an answer is left as it is. Rounds whose links have long expired are
    made here too (as if asked in a conversation then); no message goes out for them."""
    if Survey.objects.filter(subproject=subproject, answered_at__isnull=False).exists():
        return 0
    decisions = Decision.objects.filter(
        request__subproject=subproject, decided_at__isnull=False, cancelled_at__isnull=True
    ).select_related("request__household")
    paid = _paid_on([decision.pk for decision in decisions])
    for decision in decisions:
        if decision.pk not in paid:
            continue
        for weeks in settings.SAMSKAP_SURVEY_WEEKS:
            if Survey.objects.filter(decision=decision, weeks_after=weeks).exists():
                continue
            day = paid[decision.pk] + datetime.timedelta(weeks=weeks)
            survey = Survey.objects.create(
                municipality_id=decision.request.household.municipality_id,
                subproject=subproject,
                decision=decision,
                weeks_after=weeks,
                paid_on=paid[decision.pk],
                due_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                language="nb",
                nonce=new_nonce(),
            )
            audit_record_create(
                actor=None,
                action="survey.schedule",
                target=survey,
                new_values={"decision": decision.pk, "weeks_after": weeks, "due_at": survey.due_at},
                municipality_id=survey.municipality_id,
            )
    surveys = Survey.objects.filter(subproject=subproject, answered_at__isnull=True).order_by(
        "due_at", "id"
    )
    made = 0
    for survey, (helped, how_much) in zip(surveys, answers, strict=False):
        survey_record_conversation(
            acting_user=recorded_by,
            survey_id=survey.pk,
            answer=SurveyAnswer(helped=helped, how_much=how_much),
        )
        made += 1
    return made


def _lower_is_better(agreement) -> None:
    """A demo loaded before indicators had a direction: turn the ones where lower is better
    (unpaid bills) the right way, once."""
    for indicator in Indicator.objects.filter(
        goal__agreement=agreement, name__in=data.LOWER_IS_BETTER, direction="higher"
    ).select_related("goal__agreement", "goal__subproject"):
        services.indicator_update(
            acting_user=None,
            indicator=indicator,
            name=indicator.name,
            kind=indicator.kind,
            target=indicator.target,
            direction="lower",
            baseline_value=indicator.baseline_value,
            baseline_date=indicator.baseline_date,
            measured_when=indicator.measured_when,
            measured_how=indicator.measured_how,
            recorded_by=indicator.recorded_by,
        )


def _goals_and_first_cohorts(context: dict) -> None:
    agreement = context["agreement"]
    users = context["users"]
    subprojects = context["subprojects"]
    municipality = context["municipality"]
    plan_goals = {
        code: services.plan_goal_create(
            acting_user=None, municipality=municipality, code=code, title=title
        )
        for code, title in data.PLAN_GOALS
    }
    _goals(agreement, None, data.PROGRAMME_GOALS, plan_goals)
    indicators = {
        name: _goals(agreement, subprojects[name], specs, plan_goals)
        for name, specs in data.GOALS.items()
    }
    start = min(agreement.starts_on + datetime.timedelta(days=31), timezone.localdate())

    drivers = subprojects["Veien til førerkortet"]
    veien = indicators["Veien til førerkortet"]
    for name, age, in_work, before, after in data.DRIVERS:
        person = _person(
            contact=users["kontakt"], subproject=drivers, name=name, age=age, starts_on=start
        )
        _outcome(person, veien[data.MASTERY], before, start, "self_report")
        _outcome(person, veien[data.MASTERY], after, _day(start, 240), "self_report")
        _outcome(person, veien[data.LICENCE], 1, _day(start, 200))
        _outcome(person, veien[data.WORK], 1 if in_work else 0, _day(start, 183))
        _outcome(person, veien[data.NO_CRIME], 1, _day(start, 300))
    # One value typed wrong and corrected: the history keeps both, with who and why.
    first = drivers.participants.order_by("id").first()
    wrong = first.outcomes.get(indicator=veien[data.MASTERY], measured_on=start)
    services.outcome_correct(
        acting_user=users["kontakt"],
        outcome=wrong,
        value=wrong.value,
        measured_on=start,
        source="staff_observation",
        reason="Registrert som egenrapport, men var kontaktpersonens vurdering.",
    )
    for decision in Decision.objects.filter(
        request__subproject=drivers, decided_at__isnull=False
    ).exclude(outcome="declined"):  # a declined decision pays nothing and serves no goal
        services.goal_link_set(acting_user=None, goal=veien[data.LICENCE].goal, decision=decision)

    leisure = subprojects["Fritid for alle barn og unge"]
    fritid = indicators["Fritid for alle barn og unge"]
    for name, age, regular, before, after in data.LEISURE_CHILDREN:
        person = _person(
            contact=users["kultur.moe"], subproject=leisure, name=name, age=age, starts_on=start
        )
        _outcome(person, fritid[data.BELONGING], before, start, "self_report")
        _outcome(person, fritid[data.BELONGING], after, _day(start, 183), "self_report")
        _outcome(
            person, fritid[data.LEISURE], 1 if regular else 0, _day(start, 183), "staff_observation"
        )
    for name, age, regular in data.LEISURE_WAITING:
        person = _person(
            contact=users["kultur.moe"],
            subproject=leisure,
            name=name,
            age=age,
            starts_on=start,
            group=ParticipantGroup.WAITING_LIST,
        )
        _outcome(person, fritid[data.LEISURE], 1 if regular else 0, _day(start, 183), "self_report")

    alike = subprojects["Som de andre"]
    for name, age, covered in data.BASIC_NEEDS_FAMILIES:
        person = _person(
            contact=users["kontakt"], subproject=alike, name=name, age=age, starts_on=start
        )
        _outcome(
            person,
            indicators["Som de andre"][data.BASIC_NEEDS],
            1 if covered else 0,
            _day(start, 90),
            "staff_observation",
        )
    participation_services.demo_round(subproject=drivers, start=start)


def _indicators_of(subproject) -> dict[str, Indicator]:
    return {i.name: i for i in Indicator.objects.filter(goal__subproject=subproject)}


def _cohort_start(agreement) -> datetime.date:
    return min(agreement.starts_on + datetime.timedelta(days=31), timezone.localdate())


def _other_cohorts(context: dict) -> None:
    """The five sub-projects the first demo left without outcomes; each step runs once
    (a sub-project with participants is left as it is)."""
    users, subprojects = context["users"], context["subprojects"]
    start = _cohort_start(context["agreement"])

    def cohort(name: str):
        subproject = subprojects[name]
        if Participant.objects.filter(subproject=subproject).exists():
            return None, None
        return subproject, _indicators_of(subproject)

    early, found = cohort("Tidlig innsats Brundalen")
    if early is not None:
        above = found["Over bekymringsgrensen på kartleggingsprøver"]
        for name, age, passed in data.EARLY_READERS:
            person = _person(
                contact=users["skole.strand"],
                subproject=early,
                name=name,
                age=age,
                starts_on=start,
            )
            _outcome(person, above, 1 if passed else 0, _day(start, 120))

    steady, found = cohort("Stødig start")
    if steady is not None:
        # Unpaid bills: target 0 and lower is better, so four of six reach it.
        home = found["Bor i samme bolig etter ett år"]
        for (name, age, stayed), bills in zip(data.STEADY_START, data.STEADY_BILLS, strict=True):
            person = _person(
                contact=users["kontakt"],
                subproject=steady,
                name=name,
                age=age,
                starts_on=start,
            )
            _outcome(person, home, 1 if stayed else 0, _day(start, 365))
            _outcome(person, found[data.BILLS], bills, _day(start, 365), "self_report")

    feet, found = cohort("På egne ben, men ikke alene")
    if feet is not None:
        active = found["I arbeid, skole eller aktivitet"]
        for name, age, busy in data.OWN_FEET:
            person = _person(
                contact=users["nav.berg"],
                subproject=feet,
                name=name,
                age=age,
                starts_on=start,
            )
            _outcome(person, active, 1 if busy else 0, _day(start, 183))

    refugees, found = cohort("Flyktningefamilien i sentrum")
    if refugees is not None:
        parents = found["Antall foreldre i arbeid eller kvalifisering"]
        for alias, (parent, parent_age), (child, child_age), working in data.REFUGEE_FAMILIES:
            household = household_create(
                acting_user=users["nav.hansen"],
                subproject=refugees,
                alias=alias,
                first_member=MemberInput(
                    name=parent, role="parent", birth_year=_born(parent_age, start)
                ),
            )
            member = member_add(
                acting_user=users["nav.hansen"],
                household=household,
                data=MemberInput(name=child, role="child", birth_year=_born(child_age, start)),
            )
            _registered_on(household, start)
            # The child takes part as one of the target group (0–18); the parent, outside
            # that range, as a family member, and the parents' outcome is the parent's.
            services.participant_enrol(
                acting_user=None, subproject=refugees, member=member, starts_on=start
            )
            parent_taking_part = services.participant_enrol(
                acting_user=None,
                subproject=refugees,
                member=household.members.get(role="parent"),
                starts_on=start,
                role=ParticipantRole.FAMILY_MEMBER,
            )
            _outcome(parent_taking_part, parents, 0, start)
            _outcome(parent_taking_part, parents, working, _day(start, 183))

    school, found = cohort("Praktisk grunnskole")
    if school is not None:
        completed = found["Fullført grunnskole med vurdering"]
        for name, age, done in data.PRACTICAL_SCHOOL:
            person = _person(
                contact=users["skole.strand"],
                subproject=school,
                name=name,
                age=age,
                starts_on=start,
            )
            _outcome(person, completed, 1 if done else 0, _day(start, 300), "staff_observation")
