"""Writes of the effects context: goals, indicators, participants, outcomes and the goal a
decision or help task serves. Keyword-only, one transaction, audit row inside it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.errors import DomainError, NotFoundOrForbidden, Problems
from samskap.effects import values
from samskap.effects.access import (
    require_goal_write,
    require_plan_goal_write,
    require_team_work,
)
from samskap.effects.models import (
    Goal,
    GoalLink,
    GoalSdgTarget,
    Indicator,
    IndicatorDirection,
    IndicatorKind,
    Outcome,
    OutcomeSource,
    Participant,
    ParticipantGroup,
    ParticipantRole,
    PlanGoal,
    RecordedBy,
)
from samskap.effects.sdg import SDG_TARGETS

MAX_TEXT = 200


def _text(value: str, *, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("Fill in this field."), field=field)
    if len(value) > MAX_TEXT:
        raise DomainError(_("Write at most 200 characters."), field=field)
    return value


# How far before the agreement a date may lie: a comparison cohort from the years before,
# a baseline measured before the programme began. Anything older is a typing error
# (0001-01-01 and the like).
YEARS_BEFORE_AGREEMENT = 5


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _period_text(first: datetime.date, last: datetime.date) -> dict:
    return {"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}"}


def _check_in_agreement(day: datetime.date, *, agreement, field: str, comparison=False) -> None:
    """`day` lies within the agreement's period (a comparison group's start may lie up to
    YEARS_BEFORE_AGREEMENT years before it), or DomainError."""
    first = agreement.starts_on
    if comparison:
        first = _years_before(first, YEARS_BEFORE_AGREEMENT)
    if not first <= day <= agreement.ends_on:
        if comparison:
            message = _(
                "The date must lie within the agreement period, at most five years before "
                "it began: %(first)s to %(last)s."
            )
        else:
            message = _("The date must lie within the agreement period, %(first)s to %(last)s.")
        raise DomainError(message % _period_text(first, agreement.ends_on), field=field)


def _check_age(*, subproject, member, starts_on: datetime.date) -> None:
    """With only a birth year, the person is (year − birth year) or one less at the start:
    refused only when neither fits the sub-project's age range."""
    if not member.birth_year:
        return
    oldest = starts_on.year - member.birth_year
    youngest = oldest - 1
    if oldest < subproject.age_from or youngest > subproject.age_to:
        raise DomainError(
            _(
                "Born in %(year)s, the person is outside the sub-project's age group "
                "(%(from)s–%(to)s years) at the start. A parent or another member of a "
                "household taking part is enrolled as a family member."
            )
            % {"year": member.birth_year, "from": subproject.age_from, "to": subproject.age_to},
            field="member",
        )


@transaction.atomic
def plan_goal_create(*, acting_user, municipality, code: str, title: str) -> PlanGoal:
    require_plan_goal_write(user=acting_user, municipality=municipality)
    code = _text(code, field="code")[:20]
    plan_goal, created = PlanGoal.objects.get_or_create(
        municipality=municipality, code=code, defaults={"title": _text(title, field="title")}
    )
    if created:
        audit_record_create(
            actor=acting_user,
            action="plan_goal.create",
            target=plan_goal,
            new_values={"code": code},
            municipality=municipality,
        )
    return plan_goal


def _check_tags(*, agreement, sdg_targets, plan_goals) -> None:
    unknown = [code for code in sdg_targets if code not in SDG_TARGETS]
    if unknown:
        raise DomainError(
            _("Unknown SDG target: %(code)s.") % {"code": ", ".join(unknown)}, field="sdg_targets"
        )
    if any(plan.municipality_id != agreement.municipality_id for plan in plan_goals):
        raise NotFoundOrForbidden("plan_goal")


@transaction.atomic
def goal_create(
    *,
    acting_user,
    agreement,
    subproject=None,
    title: str,
    sdg_targets: list[str] = (),
    plan_goals: list[PlanGoal] = (),
) -> Goal:
    """An effect goal of the programme (subproject None) or of one sub-project."""
    require_goal_write(user=acting_user, agreement=agreement, subproject=subproject)
    if subproject is not None and subproject.agreement_id != agreement.pk:
        raise NotFoundOrForbidden("subproject")
    _check_tags(agreement=agreement, sdg_targets=sdg_targets, plan_goals=plan_goals)
    last = Goal.objects.filter(agreement=agreement, subproject=subproject).count()
    goal = Goal.objects.create(
        agreement=agreement,
        subproject=subproject,
        position=last + 1,
        title=_text(title, field="title"),
    )
    blank_text.bulk_create(
        GoalSdgTarget.objects,
        [GoalSdgTarget(goal=goal, code=code) for code in sorted(set(sdg_targets))],
    )
    goal.plan_goals.set(plan_goals)
    audit_record_create(
        actor=acting_user,
        action="effect_goal.create",
        target=goal,
        new_values={
            "agreement": agreement.pk,
            "subproject": subproject.pk if subproject else None,
            "sdg_targets": sorted(set(sdg_targets)),
            "plan_goals": [plan.pk for plan in plan_goals],
        },
        municipality=agreement.municipality,
    )
    return goal


@transaction.atomic
def goal_update(
    *, acting_user, goal: Goal, title: str, sdg_targets: list[str] = (), plan_goals=()
) -> Goal:
    """A goal's wording and tags; the indicators and their outcomes stay as they are."""
    goal = Goal.objects.select_for_update().select_related("agreement").get(pk=goal.pk)
    require_goal_write(user=acting_user, agreement=goal.agreement, subproject=goal.subproject)
    _check_tags(agreement=goal.agreement, sdg_targets=sdg_targets, plan_goals=plan_goals)
    old = {
        "sdg_targets": sorted(goal.sdg_targets.values_list("code", flat=True)),
        "plan_goals": sorted(goal.plan_goals.values_list("pk", flat=True)),
    }
    goal.title = _text(title, field="title")
    goal.save(update_fields=["title"])
    codes = sorted(set(sdg_targets))
    goal.sdg_targets.exclude(code__in=codes).delete()
    present = set(goal.sdg_targets.values_list("code", flat=True))
    blank_text.bulk_create(
        GoalSdgTarget.objects,
        [GoalSdgTarget(goal=goal, code=code) for code in codes if code not in present],
    )
    goal.plan_goals.set(plan_goals)
    audit_record_create(
        actor=acting_user,
        action="effect_goal.update",
        target=goal,
        old_values=old,
        new_values={"sdg_targets": codes, "plan_goals": sorted(plan.pk for plan in plan_goals)},
        municipality=goal.agreement.municipality,
    )
    return goal


@transaction.atomic
def indicator_create(
    *,
    acting_user,
    goal: Goal,
    name: str,
    kind: str,
    target,
    direction: str = IndicatorDirection.HIGHER,
    baseline_value=None,
    baseline_date: datetime.date | None = None,
    measured_when: str,
    measured_how: str,
    recorded_by: str,
) -> Indicator:
    """An indicator of `goal`; its target and baseline must fit its kind."""
    require_goal_write(user=acting_user, agreement=goal.agreement, subproject=goal.subproject)
    fields = _indicator_fields(
        agreement=goal.agreement,
        name=name,
        kind=kind,
        target=target,
        direction=direction,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        measured_when=measured_when,
        measured_how=measured_how,
        recorded_by=recorded_by,
    )
    target, baseline_value = fields["target"], fields["baseline_value"]
    indicator = Indicator.objects.create(goal=goal, position=goal.indicators.count() + 1, **fields)
    audit_record_create(
        actor=acting_user,
        action="indicator.create",
        target=indicator,
        new_values={
            "goal": goal.pk,
            "kind": kind,
            "target": str(target),
            "direction": direction,
            "baseline_value": None if baseline_value is None else str(baseline_value),
            "baseline_date": baseline_date.isoformat() if baseline_date else None,
        },
        municipality=goal.agreement.municipality,
    )
    return indicator


def _indicator_fields(*, agreement, **fields) -> dict:
    """An indicator's checked fields: target and baseline fit the kind, or DomainError
    with every problem of them in its `problems`."""
    checked, problems = _indicator_checked(agreement, fields)
    problems.refuse()
    return checked


def _indicator_checked(agreement, fields: dict) -> tuple[dict, Problems]:
    """Each field of `fields` checked (a field not there was refused by the form: its
    checks, and those of a pair it belongs to, are left out), and every problem kept, so
    the range of a target comes in the same answer as a missing name."""
    problems = Problems()
    checked = dict(fields)
    kind = fields.get("kind")
    if "kind" in fields and kind not in IndicatorKind.values:
        problems.add(_("Choose a kind of indicator."), field="kind")
    known_kind = kind in IndicatorKind.values
    if "recorded_by" in fields and fields["recorded_by"] not in RecordedBy.values:
        problems.add(_("Choose who records it."), field="recorded_by")
    if known_kind and "target" in fields:
        checked["target"] = problems.check(values.target_value, kind, fields["target"])
    direction = fields.get("direction")
    if "direction" in fields and direction not in IndicatorDirection.values:
        problems.add(_("Choose the direction: higher or lower is better."), field="direction")
    elif direction == IndicatorDirection.LOWER and kind == IndicatorKind.ACHIEVED:
        problems.add(
            _(
                "Word a yes/no indicator so that yes is the goal (e.g. “no new police "
                "report”); lower is better suits a count, a scale or an amount."
            ),
            field="direction",
        )
    baseline_value = fields.get("baseline_value")
    baseline_date = fields.get("baseline_date")
    has_value = baseline_value not in (None, "")
    if {"baseline_value", "baseline_date"} <= set(fields) and has_value != (
        baseline_date is not None
    ):
        problems.add(_("A baseline needs both a value and a date."), field="baseline_value")
    elif has_value and known_kind:
        checked["baseline_value"] = problems.check(
            values.target_value, kind, baseline_value, field="baseline_value"
        )
    if not has_value:
        checked["baseline_value"] = None
    if baseline_date is not None:
        if baseline_date > timezone.localdate():
            problems.add(_("The baseline date cannot be in the future."), field="baseline_date")
        first = _years_before(agreement.starts_on, YEARS_BEFORE_AGREEMENT)
        if baseline_date < first:
            problems.add(
                _(
                    "The date of the baseline can lie at most five years before the "
                    "agreement began (%(first)s)."
                )
                % {"first": f"{first:%d.%m.%Y}"},
                field="baseline_date",
            )
    for name in ("name", "measured_when", "measured_how"):
        if name in fields:
            checked[name] = problems.check(_text, fields[name], field=name)
    return checked, problems


def indicator_check(*, acting_user, goal: Goal, **fields) -> list[DomainError]:
    """What `indicator_create` (or `indicator_update`) would refuse the fields that passed
    their form with (`fields`), without writing: for the page when other fields were
    refused, so a target out of range shows beside the missing name."""
    require_goal_write(user=acting_user, agreement=goal.agreement, subproject=goal.subproject)
    return _indicator_checked(goal.agreement, fields)[1].items


@transaction.atomic
def indicator_update(
    *,
    acting_user,
    indicator: Indicator,
    name: str,
    kind: str,
    target,
    direction: str | None = None,
    baseline_value=None,
    baseline_date: datetime.date | None = None,
    measured_when: str,
    measured_how: str,
    recorded_by: str,
) -> Indicator:
    """Change an indicator; its kind is fixed once an outcome is recorded against it.
    Without `direction` the indicator keeps its own (an update never turns a "lower is
    better" indicator around by leaving the argument out)."""
    indicator = (
        # Only the indicator's row is locked (PostgreSQL refuses FOR UPDATE on the
        # nullable side of the join to a programme goal's missing sub-project).
        Indicator.objects.select_for_update(of=("self",))
        .select_related("goal__agreement", "goal__subproject")
        .get(pk=indicator.pk)
    )
    goal = indicator.goal
    require_goal_write(user=acting_user, agreement=goal.agreement, subproject=goal.subproject)
    fields = _indicator_fields(
        agreement=goal.agreement,
        name=name,
        kind=kind,
        target=target,
        direction=indicator.direction if direction is None else direction,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        measured_when=measured_when,
        measured_how=measured_how,
        recorded_by=recorded_by,
    )
    if fields["kind"] != indicator.kind and indicator.outcomes.exists():
        raise DomainError(
            _("Outcomes are recorded for this indicator, so its kind cannot change."),
            field="kind",
        )
    old = {
        "kind": indicator.kind,
        "target": str(indicator.target),
        "direction": indicator.direction,
        "baseline_value": None
        if indicator.baseline_value is None
        else str(indicator.baseline_value),
        "baseline_date": indicator.baseline_date.isoformat() if indicator.baseline_date else None,
    }
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.save(update_fields=list(fields))
    audit_record_create(
        actor=acting_user,
        action="indicator.update",
        target=indicator,
        old_values=old,
        new_values={
            "kind": indicator.kind,
            "target": str(indicator.target),
            "direction": indicator.direction,
            "baseline_value": None
            if indicator.baseline_value is None
            else str(indicator.baseline_value),
            "baseline_date": baseline_date.isoformat() if baseline_date else None,
        },
        municipality=goal.agreement.municipality,
    )
    return indicator


def _enrol_checked(subproject, fields: dict) -> Problems:
    """Every problem of an enrolment's fields in `fields` (a field not there was refused
    by its form: its checks, and those of the pairs it is half of, are left out), so
    reversed dates come in the same answer as a missing member or group."""
    problems = Problems()
    member, group = fields.get("member"), fields.get("group")
    role = fields.get("role")
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if "role" in fields and role not in ParticipantRole.values:
        problems.add(_("Choose how the person takes part."), field="role")
        role = None
    if "group" in fields and group not in ParticipantGroup.values:
        problems.add(_("Choose a group."), field="group")
        group = None
    if "member" in fields and member is None:
        problems.add(_("Choose the household member."), field="member")
    elif member is not None:
        household = member.household
        if household.municipality_id != subproject.agreement.municipality_id:
            raise NotFoundOrForbidden("member")
        if (
            group == ParticipantGroup.PARTICIPANT
            and not household.enrolments.filter(subproject=subproject).exists()
        ):
            problems.add(_("Enrol the household in the sub-project first."), field="member")
    if (
        role == ParticipantRole.FAMILY_MEMBER
        and group is not None
        and group != ParticipantGroup.PARTICIPANT
    ):
        problems.add(
            _(
                "A comparison group is compared with the target group: enrol a family "
                "member only as a participant."
            ),
            field="role",
        )
    agreement = subproject.agreement
    if "starts_on" in fields and starts_on is None:
        problems.add(_("Enter the start date."), field="starts_on")
    elif starts_on is not None and starts_on > timezone.localdate():
        problems.add(_("The start date cannot be in the future."), field="starts_on")
    elif starts_on is not None and group is not None:
        # How early a start may lie depends on the group: checked when both were read.
        problems.check(
            _check_in_agreement,
            starts_on,
            agreement=agreement,
            field="starts_on",
            comparison=group != ParticipantGroup.PARTICIPANT,
        )
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        problems.add(_("The end date cannot be before the start."), field="ends_on")
    elif ends_on is not None and ends_on > agreement.ends_on:
        problems.check(_check_in_agreement, ends_on, agreement=agreement, field="ends_on")
    if role == ParticipantRole.TARGET_GROUP and member is not None and starts_on is not None:
        problems.check(_check_age, subproject=subproject, member=member, starts_on=starts_on)
    # Another enrolment in the period is worth saying only of an enrolment otherwise fine.
    if member is not None and starts_on is not None and not problems.items:
        overlapping = Participant.objects.filter(subproject=subproject, member=member).exclude(
            ends_on__lt=starts_on
        )
        if ends_on is not None:
            overlapping = overlapping.exclude(starts_on__gt=ends_on)
        if overlapping.exists():
            problems.add(
                _("This person already takes part in the sub-project in that period."),
                field="starts_on",
            )
    return problems


def participant_enrol_check(*, acting_user, subproject, **fields) -> list[DomainError]:
    """What `participant_enrol` would refuse the fields that passed their form with
    (`fields`), without writing: an end before the start beside a missing member, in one
    answer."""
    require_team_work(user=acting_user, subproject=subproject)
    return _enrol_checked(subproject, fields).items


@transaction.atomic
def participant_enrol(
    *,
    acting_user,
    subproject,
    member,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    group: str = ParticipantGroup.PARTICIPANT,
    role: str = ParticipantRole.TARGET_GROUP,
) -> Participant:
    """A household member takes part in the sub-project (or is in its comparison group):
    as one of its target group, within its age range, or as a family member of a household
    taking part (a parent in a family project), whatever their age. A comparison person is
    always of the target group."""
    require_team_work(user=acting_user, subproject=subproject)
    _enrol_checked(
        subproject,
        {
            "member": member,
            "group": group,
            "role": role,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    ).refuse()
    participant = Participant.objects.create(
        subproject=subproject,
        member=member,
        group=group,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolled_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="participant.enrol",
        target=participant,
        new_values={
            "subproject": subproject.pk,
            "group": group,
            "role": role,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
        municipality=subproject.agreement.municipality,
    )
    return participant


@transaction.atomic
def participant_end(
    *, acting_user, participant: Participant, ends_on: datetime.date
) -> Participant:
    """End an enrolment: not before it started, not in the future, not twice."""
    participant = (
        Participant.objects.select_for_update()
        .select_related("subproject__agreement")
        .get(pk=participant.pk)
    )
    require_team_work(user=acting_user, subproject=participant.subproject)
    if ends_on is None:
        raise DomainError(_("Enter the end date."), field="ends_on")
    if participant.ends_on is not None and participant.ends_on <= timezone.localdate():
        raise DomainError(_("This enrolment has already ended."), field="ends_on")
    if ends_on < participant.starts_on:
        raise DomainError(_("The end date cannot be before the start."), field="ends_on")
    if ends_on > timezone.localdate():
        raise DomainError(_("The end date cannot be in the future."), field="ends_on")
    last = (
        participant.outcomes.filter(is_current=True)
        .order_by("-measured_on")
        .values_list("measured_on", flat=True)
        .first()
    )
    if last is not None and ends_on < last:
        raise DomainError(
            _("The end date cannot be before the last recorded outcome (%(date)s).")
            % {"date": f"{last:%d.%m.%Y}"},
            field="ends_on",
        )
    old = participant.ends_on
    participant.ends_on = ends_on
    participant.save(update_fields=["ends_on"])
    audit_record_create(
        actor=acting_user,
        action="participant.end",
        target=participant,
        old_values={"ends_on": old.isoformat() if old else None},
        new_values={"ends_on": ends_on.isoformat()},
        municipality=participant.subproject.agreement.municipality,
    )
    return participant


def _outcome_checked(participant: Participant, fields: dict):
    """The value read, and every problem of the fields of an outcome in `fields` (a field
    not there was refused by the form: its checks are left out), so a value out of range
    comes in the same answer as a missing date."""
    problems = Problems()
    indicator, measured_on = fields.get("indicator"), fields.get("measured_on")
    if "source" in fields and fields["source"] not in OutcomeSource.values:
        problems.add(_("Choose where the value comes from."), field="source")
    if indicator is not None:
        goal = indicator.goal
        if goal.agreement_id != participant.subproject.agreement_id or goal.subproject_id not in (
            None,
            participant.subproject_id,
        ):
            problems.add(
                _("This indicator does not belong to the participant's sub-project."),
                field="indicator",
            )
            indicator = None
    if "measured_on" in fields and measured_on is None:
        problems.add(_("Enter the date it was measured."), field="measured_on")
    elif measured_on is not None and measured_on < participant.starts_on:
        problems.add(
            _("An outcome cannot be dated before the person was enrolled (%(date)s).")
            % {"date": participant.starts_on.strftime("%d.%m.%Y")},
            field="measured_on",
        )
    elif measured_on is not None and measured_on > timezone.localdate():
        problems.add(_("An outcome cannot be dated in the future."), field="measured_on")
    value = None
    if indicator is not None and "value" in fields:
        value = problems.check(values.outcome_value, indicator.kind, fields["value"])
    return value, problems


def outcome_check(*, acting_user, participant: Participant, **fields) -> list[DomainError]:
    """What `outcome_record` would refuse the fields that passed their form with
    (`fields`), without writing: a value out of the indicator's range beside a missing
    date, in one answer."""
    require_team_work(user=acting_user, subproject=participant.subproject)
    return _outcome_checked(participant, fields)[1].items


@transaction.atomic
def outcome_record(
    *,
    acting_user,
    participant: Participant,
    indicator: Indicator,
    value,
    measured_on: datetime.date,
    source: str,
) -> Outcome:
    """One measurement; a second on the same day for the same indicator is a correction."""
    require_team_work(user=acting_user, subproject=participant.subproject)
    value, problems = _outcome_checked(
        participant,
        {"indicator": indicator, "value": value, "measured_on": measured_on, "source": source},
    )
    problems.refuse()
    if Outcome.objects.filter(
        participant=participant, indicator=indicator, measured_on=measured_on, is_current=True
    ).exists():
        raise DomainError(
            _("A value is already recorded for that day. Correct it instead."),
            field="measured_on",
        )
    outcome = Outcome.objects.create(
        participant=participant,
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        source=source,
        recorded_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="outcome.record",
        target=outcome,
        new_values={
            "participant": participant.pk,
            "indicator": indicator.pk,
            "value": str(value),
            "measured_on": measured_on.isoformat(),
            "source": source,
        },
        municipality=participant.subproject.agreement.municipality,
    )
    return outcome


def outcome_correct_check(*, acting_user, outcome: Outcome, **fields) -> list[DomainError]:
    """What `outcome_correct` would refuse the fields that passed their form with
    (`fields`: any of value, measured_on, source, reason), without writing: a date in the
    future beside a value the form could not read and a missing reason, in one answer."""
    participant = outcome.participant
    require_team_work(user=acting_user, subproject=participant.subproject)
    problems = Problems()
    if "reason" in fields:
        problems.check(_text, fields["reason"], field="reason")
    checked = _outcome_checked(participant, {**fields, "indicator": outcome.indicator})[1]
    return problems.items + checked.items


@transaction.atomic
def outcome_correct(
    *,
    acting_user,
    outcome: Outcome,
    value,
    measured_on: datetime.date,
    source: str,
    reason: str,
) -> Outcome:
    """Replace a value: the earlier row stays as history, with who corrected it and why."""
    earlier = (
        Outcome.objects.select_for_update()
        .select_related("participant__subproject__agreement", "indicator__goal")
        .get(pk=outcome.pk)
    )
    participant = earlier.participant
    require_team_work(user=acting_user, subproject=participant.subproject)
    if not earlier.is_current:
        raise DomainError(_("This value has already been corrected."))
    problems = Problems()
    reason = problems.check(_text, reason, field="reason")
    value, checked = _outcome_checked(
        participant,
        {
            "indicator": earlier.indicator,
            "value": value,
            "measured_on": measured_on,
            "source": source,
        },
    )
    problems.items += checked.items
    problems.refuse()
    if (
        Outcome.objects.filter(
            participant=participant,
            indicator=earlier.indicator,
            measured_on=measured_on,
            is_current=True,
        )
        .exclude(pk=earlier.pk)
        .exists()
    ):
        raise DomainError(_("A value is already recorded for that day."), field="measured_on")
    earlier.is_current = False
    earlier.save(update_fields=["is_current"])
    corrected = Outcome.objects.create(
        participant=participant,
        indicator=earlier.indicator,
        value=value,
        measured_on=measured_on,
        source=source,
        recorded_by=acting_user,
        corrects=earlier,
        correction_reason=reason,
    )
    audit_record_create(
        actor=acting_user,
        action="outcome.correct",
        target=corrected,
        old_values={"outcome": earlier.pk, "value": str(earlier.value)},
        new_values={
            "value": str(value),
            "measured_on": measured_on.isoformat(),
            "source": source,
        },
        municipality=participant.subproject.agreement.municipality,
    )
    return corrected


@transaction.atomic
def goal_link_set(*, acting_user, goal: Goal, decision=None, help_task=None) -> GoalLink:
    """Name the goal a support decision or help task serves (one goal each)."""
    if (decision is None) == (help_task is None):
        raise DomainError(_("Choose a decision or a help task."))
    subproject = (decision.request if decision else help_task.request).subproject
    require_team_work(user=acting_user, subproject=subproject)
    if decision is not None and decision.outcome == "declined":
        raise DomainError(_("A declined decision pays nothing, so it serves no goal."))
    if goal.agreement_id != subproject.agreement_id or goal.subproject_id not in (
        None,
        subproject.pk,
    ):
        raise DomainError(_("Choose a goal of this sub-project or of the programme."), field="goal")
    link, _created = GoalLink.objects.update_or_create(
        decision=decision, help_task=help_task, defaults={"goal": goal}
    )
    audit_record_create(
        actor=acting_user,
        action="goal_link.set",
        target=link,
        new_values={
            "goal": goal.pk,
            "decision": decision.pk if decision else None,
            "help_task": help_task.pk if help_task else None,
        },
        municipality=subproject.agreement.municipality,
    )
    return link


@transaction.atomic
def goal_link_clear(*, acting_user, decision=None, help_task=None) -> bool:
    """The decision or help task no longer names a goal; False when it named none."""
    if (decision is None) == (help_task is None):
        raise DomainError(_("Choose a decision or a help task."))
    subproject = (decision.request if decision else help_task.request).subproject
    require_team_work(user=acting_user, subproject=subproject)
    link = GoalLink.objects.filter(decision=decision, help_task=help_task).first()
    if link is None:
        return False
    audit_record_create(
        actor=acting_user,
        action="goal_link.clear",
        target=link,
        old_values={"goal": link.goal_id},
        new_values={
            "decision": decision.pk if decision else None,
            "help_task": help_task.pk if help_task else None,
        },
        municipality=subproject.agreement.municipality,
    )
    link.delete()
    return True
