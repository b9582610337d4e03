"""The seven rules. Each groups the year's rows (`data.year_data`) in Python: no query per
row, so the whole page costs the same number of queries whatever the data size.

Wording is neutral on purpose: a signal says what was seen and which threshold it
passed, and that there is often a good explanation.
"""

import statistics
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.core.money import format_nok
from samskap.oversight.models import SignalThresholds
from samskap.oversight.signals.data import Support, YearData, limit_for, local_year
from samskap.oversight.signals.kinds import Signal, SupportFact

ZERO = Decimal("0.00")
REPEAT_DAYS = 365  # the rolling year of the repeat rule


def thresholds_for(*, municipality_id: int) -> SignalThresholds:
    """The municipality's thresholds, or the defaults (unsaved) when it has set none."""
    return SignalThresholds.objects.filter(
        municipality_id=municipality_id
    ).first() or SignalThresholds(municipality_id=municipality_id)


def support_facts(data: YearData, supports: list[Support]) -> list[SupportFact]:
    names = data.staff_names
    return [
        SupportFact(
            decision_id=s.decision_id,
            household_id=s.household_id,
            subproject_id=s.subproject_id,
            amount=s.amount,
            decided_at=s.decided_at,
            proposed_by=names.get(s.proposed_by_id, ""),
            decided_by=names.get(s.decided_by_id, ""),
            second_approver=names.get(s.second_approver_id, "") if s.second_approver_id else "",
            staff_ids=frozenset(
                pk for pk in (s.proposed_by_id, s.decided_by_id, s.second_approver_id) if pk
            ),
        )
        for s in sorted(supports, key=lambda s: (s.decided_at, s.decision_id))
    ]


def total_of(supports) -> Decimal:
    return sum((s.amount for s in supports), start=ZERO)


def staff_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """A staff member's proposals (or decisions) in a sub-project well above the median of
    the colleagues who proposed (or decided) there this year; at least three of them."""
    found = []
    for kind, person in (("proposals", "proposed_by_id"), ("decisions", "decided_by_id")):
        counts = defaultdict(lambda: defaultdict(list))
        for support in data.supports:
            counts[support.subproject_id][getattr(support, person)].append(support)
        for subproject_id, by_person in counts.items():
            if len(by_person) < 3:
                continue
            median = statistics.median(len(rows) for rows in by_person.values())
            for user_id, rows in by_person.items():
                if len(rows) < t.staff_min_count or len(rows) <= t.staff_factor * Decimal(median):
                    continue
                name = data.staff_names.get(user_id, "")
                words = {
                    "name": name,
                    "count": len(rows),
                    "median": f"{median:g}",
                    "factor": f"{t.staff_factor:g}",
                }
                why = (
                    _(
                        "%(name)s proposed %(count)s of this year's supports in the "
                        "sub-project; the median of the team's members who proposed any is "
                        "%(median)s (the threshold is %(factor)s times the median)."
                    )
                    if kind == "proposals"
                    else _(
                        "%(name)s decided %(count)s of this year's supports in the "
                        "sub-project; the median of the team's members who decided any is "
                        "%(median)s (the threshold is %(factor)s times the median)."
                    )
                ) % words
                found.append(
                    Signal(
                        key=f"staff-{kind}-{subproject_id}-{user_id}-{data.year}",
                        kind="staff",
                        why=why,
                        subproject_ids=frozenset({subproject_id}),
                        staff_ids=frozenset({user_id}),
                        household_ids=frozenset(r.household_id for r in rows),
                        facts=[
                            (_("Supports"), str(len(rows))),
                            (_("Total"), format_nok(total_of(rows))),
                            (_("Team members compared"), str(len(by_person))),
                            (_("Team median"), f"{median:g}"),
                        ],
                        supports=support_facts(data, rows),
                    )
                )
    return found


def ends_in_year(data: YearData, run: list[Support]) -> bool:
    """A window belongs to the year its last support was decided in."""
    return local_year(run[-1].decided_at) == data.year


def busiest_year_window(data: YearData, rows: list[Support], t: SignalThresholds):
    """Of the rolling windows of 365 days that end in the year, the one with most supports
    (then most money) that reaches a threshold; None when none does."""
    best = None
    start = 0
    for end, last in enumerate(rows):
        while (last.decided_at - rows[start].decided_at).days >= REPEAT_DAYS:
            start += 1
        if local_year(last.decided_at) != data.year:
            continue
        window = rows[start : end + 1]
        total = total_of(window)
        if len(window) < t.repeat_count and total < t.repeat_amount:
            continue
        if best is None or (len(window), total) > (len(best), total_of(best)):
            best = window
    return best


def repeat_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """Many supports, or much money, within a rolling year (365 days, so 1 January is no
    wall) to one household; to one person or one payout account when they are registered
    on more than one household."""
    per_household = defaultdict(list)
    for support in data.history:
        per_household[support.household_id].append(support)
    groups = [("household", str(pk), {pk}) for pk in per_household]
    by_person, by_account = defaultdict(set), defaultdict(set)
    for household in per_household:
        for _birth, national_id in data.members.get(household, []):
            if national_id:
                by_person[national_id].add(household)
        if data.accounts.get(household):
            by_account[data.accounts[household]].add(household)
    for what, grouped in (("person", by_person), ("account", by_account)):
        for households in grouped.values():
            if len(households) > 1:
                groups.append((what, "_".join(map(str, sorted(households))), households))
    found = []
    for what, ref, households in groups:
        rows = sorted(
            (s for h in households for s in per_household[h]),
            key=lambda s: (s.decided_at, s.decision_id),
        )
        rows = busiest_year_window(data, rows, t)
        if rows is None:
            continue
        total = total_of(rows)
        words = {
            "count": len(rows),
            "total": format_nok(total),
            "days": REPEAT_DAYS,
            "limit_count": t.repeat_count,
            "limit_amount": format_nok(t.repeat_amount),
        }
        why = {
            "household": ngettext(
                "One household received %(count)s support, %(total)s in all, within "
                "%(days)s days (thresholds: %(limit_count)s supports or %(limit_amount)s).",
                "One household received %(count)s supports, %(total)s in all, within "
                "%(days)s days (thresholds: %(limit_count)s supports or %(limit_amount)s).",
                len(rows),
            ),
            "person": ngettext(
                "One person, registered on several households, received %(count)s support, "
                "%(total)s in all, within %(days)s days (thresholds: %(limit_count)s "
                "supports or %(limit_amount)s).",
                "One person, registered on several households, received %(count)s supports, "
                "%(total)s in all, within %(days)s days (thresholds: %(limit_count)s "
                "supports or %(limit_amount)s).",
                len(rows),
            ),
            "account": ngettext(
                "One payout account, on several households, received %(count)s support, "
                "%(total)s in all, within %(days)s days (thresholds: %(limit_count)s "
                "supports or %(limit_amount)s).",
                "One payout account, on several households, received %(count)s supports, "
                "%(total)s in all, within %(days)s days (thresholds: %(limit_count)s "
                "supports or %(limit_amount)s).",
                len(rows),
            ),
        }[what] % words
        found.append(
            Signal(
                key=f"repeat-{what}-{ref}-{data.year}",
                kind="repeat",
                why=why,
                subproject_ids=frozenset(r.subproject_id for r in rows),
                household_ids=frozenset(households),
                facts=[
                    (_("Supports"), str(len(rows))),
                    (_("Total"), format_nok(total)),
                    (_("Households"), str(len(households))),
                ],
                supports=support_facts(data, rows),
            )
        )
    return found


def time_windows(rows: list[Support], days: int):
    """Runs of rows (sorted by time) whose first and last are at most `days` apart, each
    run as long as it can be and no row in two runs."""
    start = 0
    while start < len(rows):
        end = start
        while (
            end + 1 < len(rows) and (rows[end + 1].decided_at - rows[start].decided_at).days <= days
        ):
            end += 1
        yield rows[start : end + 1]
        start = end + 1


def split_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """Two or more supports to one household in one sub-project within a short time, each
    within the decider's own limit per decision (so nobody had to confirm them) but
    together above what any of the deciders may grant alone."""
    groups = defaultdict(list)
    for support in data.history:  # a window spans 1 January: 30 December and 2 January
        if not support.needs_second_approval:
            groups[(support.household_id, support.subproject_id)].append(support)
    found = []
    for (household_id, subproject_id), rows in groups.items():
        seats = data.seats.get(subproject_id, {})
        for run in time_windows(rows, t.split_window_days):
            limits = [limit_for(data, subproject_id, seats.get(s.decided_by_id)) for s in run]
            if (
                len(run) < 2
                or any(limit is None for limit in limits)
                or not ends_in_year(data, run)
            ):
                continue
            highest = max(limits)
            total = total_of(run)
            if total <= highest or any(
                s.amount > limit for s, limit in zip(run, limits, strict=True)
            ):
                continue
            days = (run[-1].decided_at - run[0].decided_at).days
            why = ngettext(
                "%(count)s supports to one household within %(days)s day, each within the "
                "decider's limit per decision, together %(total)s: above the limit of "
                "%(limit)s (the window is %(window)s days).",
                "%(count)s supports to one household within %(days)s days, each within the "
                "decider's limit per decision, together %(total)s: above the limit of "
                "%(limit)s (the window is %(window)s days).",
                days,
            ) % {
                "count": len(run),
                "days": days,
                "total": format_nok(total),
                "limit": format_nok(highest),
                "window": t.split_window_days,
            }
            found.append(
                Signal(
                    key=f"split-{household_id}-{subproject_id}-{run[0].decision_id}",
                    kind="split",
                    why=why,
                    subproject_ids=frozenset({subproject_id}),
                    staff_ids=frozenset(s.decided_by_id for s in run)
                    | frozenset(s.proposed_by_id for s in run),
                    household_ids=frozenset({household_id}),
                    facts=[
                        (_("Supports"), str(len(run))),
                        (_("Days between the first and the last"), str(days)),
                        (_("Together"), format_nok(total)),
                        (_("Limit per decision"), format_nok(highest)),
                    ],
                    supports=support_facts(data, run),
                )
            )
    return found
