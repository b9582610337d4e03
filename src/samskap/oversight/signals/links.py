"""Rules about links between people, accounts, age groups and sub-projects: two people
confirming each other, a payout account changed or shared, support outside the target
group, and one household helped by several sub-projects at once."""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.core.money import format_nok
from samskap.oversight.models import SignalThresholds
from samskap.oversight.signals.data import YearData
from samskap.oversight.signals.kinds import Signal
from samskap.oversight.signals.rules import ends_in_year, support_facts, time_windows, total_of


def mutual_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """Two people who, as proposer and second approver, confirm each other's requests far
    more often than chance: what they did is compared with what the sub-project's other
    second approvers' shares would give."""
    found = []
    by_subproject = defaultdict(list)
    for support in data.supports:
        if support.confirmed_by_second and support.second_approver_id:
            by_subproject[support.subproject_id].append(support)
    for subproject_id, rows in by_subproject.items():
        pairs = defaultdict(list)
        for row in rows:
            pairs[frozenset({row.proposed_by_id, row.second_approver_id})].append(row)
        for pair, together in pairs.items():
            if len(pair) != 2 or len(together) < t.mutual_min_count:
                continue
            expected = Decimal(0)
            for proposer in pair:
                (other,) = pair - {proposer}
                own = [r for r in rows if r.proposed_by_id == proposer]
                rest = [r for r in rows if r.proposed_by_id != proposer]
                share = (
                    Decimal(sum(1 for r in rest if r.second_approver_id == other)) / len(rest)
                    if rest
                    else Decimal(1)
                )
                expected += len(own) * share
            if len(together) < t.mutual_factor * expected:
                continue
            first, second = sorted(pair)
            words = {
                "first": data.staff_names.get(first, ""),
                "second": data.staff_names.get(second, ""),
                "count": len(together),
                "expected": f"{expected:.1f}".replace(".", ","),
                "factor": f"{t.mutual_factor:g}",
            }
            found.append(
                Signal(
                    key=f"mutual-{subproject_id}-{first}_{second}-{data.year}",
                    kind="mutual",
                    why=_(
                        "%(first)s and %(second)s confirmed each other's requests %(count)s "
                        "times this year; the team's other second approvals would give about "
                        "%(expected)s (the threshold is %(factor)s times that)."
                    )
                    % words,
                    subproject_ids=frozenset({subproject_id}),
                    staff_ids=frozenset(pair),
                    household_ids=frozenset(r.household_id for r in together),
                    facts=[
                        (_("Confirmed by each other"), str(len(together))),
                        (_("Expected from the team's other approvals"), words["expected"]),
                        (_("Second approvals in the sub-project"), str(len(rows))),
                    ],
                    supports=support_facts(data, together),
                )
            )
    return found


def account_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """A payout account changed shortly before a large payment to it, and one account on
    several households. Only the last four digits are ever shown."""
    found = []
    changes = defaultdict(list)
    for change in data.account_changes:
        changes[change.household_id].append(change.at)
    for payment in data.cash_payments:
        if payment.amount < t.account_large_amount:
            continue
        before = [
            at
            for at in changes.get(payment.household_id, [])
            if at <= payment.at and (payment.at - at).days <= t.account_days
        ]
        if not before:
            continue
        days = (payment.at - max(before)).days
        found.append(
            Signal(
                key=f"account-change-{payment.payment_id}",
                kind="account",
                why=ngettext(
                    "The household's payout account was changed %(days)s day before a "
                    "payment of %(amount)s to it (thresholds: %(window)s days, %(large)s).",
                    "The household's payout account was changed %(days)s days before a "
                    "payment of %(amount)s to it (thresholds: %(window)s days, %(large)s).",
                    days,
                )
                % {
                    "days": days,
                    "amount": format_nok(payment.amount),
                    "window": t.account_days,
                    "large": format_nok(t.account_large_amount),
                },
                subproject_ids=frozenset({payment.subproject_id}),
                household_ids=frozenset({payment.household_id}),
                facts=[
                    (
                        _("Account changed"),
                        date_format(timezone.localtime(max(before)), "SHORT_DATE_FORMAT"),
                    ),
                    (
                        _("Payment instructed"),
                        date_format(timezone.localtime(payment.at), "SHORT_DATE_FORMAT"),
                    ),
                    (_("Amount"), format_nok(payment.amount)),
                    (
                        _("Account now ends in"),
                        data.accounts.get(payment.household_id, "")[-4:] or "–",
                    ),
                ],
            )
        )
    for account, households in data.shared_accounts.items():
        if len(households) < t.account_households:
            continue
        rows = [s for s in data.supports if s.household_id in households]
        subprojects = {sub for h in households for sub in data.enrolled.get(h, ())}
        found.append(
            Signal(
                key=f"account-shared-{min(households)}-{len(households)}",
                kind="account",
                why=_(
                    "One payout account, ending in %(last4)s, is registered on %(count)s "
                    "households (threshold: %(limit)s)."
                )
                % {"last4": account[-4:], "count": len(households), "limit": t.account_households},
                subproject_ids=frozenset(subprojects),
                household_ids=frozenset(households),
                facts=[
                    (_("Households on the account"), str(len(households))),
                    (_("Supports to them this year"), str(len(rows))),
                    (_("Total this year"), format_nok(total_of(rows))),
                ],
                supports=support_facts(data, rows),
            )
        )
    return found


def target_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """Support to a household in which nobody can be of the sub-project's ages this year
    (by birth year, so a birthday later in the year never fires it)."""
    groups = defaultdict(list)
    for support in data.supports:
        groups[(support.household_id, support.subproject_id)].append(support)
    found = []
    for (household_id, subproject_id), rows in groups.items():
        subproject = data.subprojects.get(subproject_id)
        if subproject is None:
            continue
        low = subproject.age_from - t.target_margin_years
        high = subproject.age_to + t.target_margin_years
        ages = [data.year - birth for birth, _id in data.members.get(household_id, [])]
        # During the year a person is `age - 1` before the birthday and `age` after it.
        if any(age >= low and age - 1 <= high for age in ages):
            continue
        found.append(
            Signal(
                key=f"target-{household_id}-{subproject_id}-{data.year}",
                kind="target",
                why=_(
                    "Nobody in the household is %(low)s–%(high)s years old this year, the "
                    "ages of the sub-project's target group; the household's ages this year "
                    "are %(ages)s."
                )
                % {
                    "low": subproject.age_from,
                    "high": subproject.age_to,
                    "ages": ", ".join(f"{age - 1}–{age}" for age in sorted(ages)) or "–",
                },
                subproject_ids=frozenset({subproject_id}),
                household_ids=frozenset({household_id}),
                facts=[
                    (_("Target group"), f"{subproject.age_from}–{subproject.age_to}"),
                    (_("Supports"), str(len(rows))),
                    (_("Total"), format_nok(total_of(rows))),
                ],
                supports=support_facts(data, rows),
            )
        )
    return found


def several_signals(data: YearData, t: SignalThresholds) -> list[Signal]:
    """One household given support by several sub-projects within a short time."""
    per_household = defaultdict(list)
    for support in data.history:  # a window spans 1 January
        per_household[support.household_id].append(support)
    found = []
    for household_id, rows in per_household.items():
        for run in time_windows(rows, t.several_window_days):
            subprojects = {s.subproject_id for s in run}
            if len(subprojects) < t.several_subprojects or not ends_in_year(data, run):
                continue
            days = (run[-1].decided_at - run[0].decided_at).days
            found.append(
                Signal(
                    key=f"several-{household_id}-{run[0].decision_id}",
                    kind="several",
                    why=ngettext(
                        "One household was given support by %(count)s sub-projects within "
                        "%(days)s day (thresholds: %(limit)s sub-projects within %(window)s "
                        "days).",
                        "One household was given support by %(count)s sub-projects within "
                        "%(days)s days (thresholds: %(limit)s sub-projects within %(window)s "
                        "days).",
                        days,
                    )
                    % {
                        "count": len(subprojects),
                        "days": days,
                        "limit": t.several_subprojects,
                        "window": t.several_window_days,
                    },
                    subproject_ids=frozenset(subprojects),
                    household_ids=frozenset({household_id}),
                    facts=[
                        (_("Sub-projects"), str(len(subprojects))),
                        (_("Supports"), str(len(run))),
                        (_("Total"), format_nok(total_of(run))),
                    ],
                    supports=support_facts(data, run),
                )
            )
    return found
