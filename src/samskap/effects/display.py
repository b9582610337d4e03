"""The evaluation report as text, the same for the page, the PDF and the Excel sheet:
shares with their interval, means with one decimal, every suppressed figure as
"fewer than 5". Nothing here computes; report.py does."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samskap.effects.models import IndicatorDirection, IndicatorKind
from samskap.effects.report import (
    BETTER,
    MET,
    MISSED,
    UNCLEAR,
    WORSE,
    EvaluationReport,
    GroupFigures,
    IndicatorRow,
)
from samskap.effects.statistics import Estimate


def fewer_than_5() -> str:
    return _("fewer than 5")


def _number(value: float | Decimal, places: int = 1) -> str:
    return number_format(round(float(value), places), decimal_pos=places)


def kroner(amount: Decimal | None) -> str:
    if amount is None:
        return fewer_than_5()
    return f"{number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)} kr"


def share(estimate: Estimate) -> str:
    return f"{_number(estimate.value * 100, 0)} %"


def share_interval(estimate: Estimate) -> str:
    return f"{_number(estimate.low * 100, 0)}–{_number(estimate.high * 100, 0)} %"


def mean_interval(estimate: Estimate) -> str:
    return f"{_number(estimate.low)}–{_number(estimate.high)}"


def signed(value: float, *, percent: bool) -> str:
    text = (
        _("%(value)s percentage points") % {"value": _number(value * 100, 0)}
        if percent
        else _number(value)
    )
    return text if value < 0 else f"+{text}"


def target_text(row: IndicatorRow) -> str:
    return indicator_target_text(row.indicator)


def indicator_target_text(indicator) -> str:
    """The target as staff read it; "at most …" when lower is better."""
    if indicator.kind == IndicatorKind.ACHIEVED:
        return f"{_number(indicator.target, 0)} %"
    if indicator.kind == IndicatorKind.AMOUNT:
        text = kroner(indicator.target)
    else:
        text = _number(indicator.target)
    if indicator.direction == IndicatorDirection.LOWER:
        return _("at most %(target)s") % {"target": text}
    return text


def reading_text(reading: str | None) -> str:
    """A change, a difference or a target read in the indicator's direction; the report
    says these hold only when the whole 95 % interval agrees."""
    return {
        BETTER: _("better"),
        WORSE: _("worse"),
        MET: _("yes"),
        MISSED: _("no"),
        UNCLEAR: _("unclear"),
    }.get(reading, "–")


def baseline_text(row: IndicatorRow) -> str:
    indicator = row.indicator
    if indicator.baseline_value is None:
        return "–"
    value = (
        f"{_number(indicator.baseline_value, 0)} %"
        if indicator.kind == IndicatorKind.ACHIEVED
        else _number(indicator.baseline_value)
    )
    return f"{value} ({indicator.baseline_date:%d.%m.%Y})"


@dataclass
class GroupText:
    n: str
    value: str
    interval: str
    reached: str
    target_met: str = "–"
    change: str = ""
    change_interval: str = ""
    change_reading: str = ""


def group_text(row: IndicatorRow, figures: GroupFigures) -> GroupText:
    if figures.n == 0:
        return GroupText("0", "–", "–", "–")
    if figures.suppressed:
        hidden = fewer_than_5()
        return GroupText(hidden, hidden, hidden, hidden, target_met=hidden)
    achieved = row.indicator.kind == IndicatorKind.ACHIEVED
    text = GroupText(
        n=str(figures.n),
        value=share(figures.estimate) if achieved else _number(figures.estimate.value),
        interval=share_interval(figures.estimate) if achieved else mean_interval(figures.estimate),
        reached=_("%(k)s of %(n)s") % {"k": figures.reached, "n": figures.n},
        target_met=reading_text(figures.target),
    )
    if row.indicator.kind == IndicatorKind.SCALE:
        if figures.change_suppressed:
            text.change = text.change_interval = text.change_reading = fewer_than_5()
        else:
            text.change = signed(figures.change.value, percent=False)
            text.change_interval = mean_interval(figures.change)
            text.change_reading = reading_text(figures.change_reading)
    return text


@dataclass
class Line:
    goal: str
    name: str
    kind: str
    target: str
    baseline: str
    ours: GroupText
    theirs: GroupText | None
    difference: str
    difference_interval: str
    cost_per_reached: str
    difference_reading: str = ""
    direction: str = ""


def lines(report: EvaluationReport) -> list[Line]:
    result = []
    for row in report.rows:
        difference = difference_interval = difference_reading = ""
        if row.comparison is not None:
            if row.difference is None:
                difference = difference_interval = difference_reading = fewer_than_5()
            else:
                percent = row.indicator.kind == IndicatorKind.ACHIEVED
                difference = signed(row.difference.value, percent=percent)
                difference_interval = (
                    f"{signed(row.difference.low, percent=percent)} – "
                    f"{signed(row.difference.high, percent=percent)}"
                )
                difference_reading = reading_text(row.difference_reading)
        result.append(
            Line(
                goal=row.indicator.goal.title,
                name=row.indicator.name,
                kind=row.indicator.get_kind_display(),
                target=target_text(row),
                baseline=baseline_text(row),
                ours=group_text(row, row.participants),
                theirs=group_text(row, row.comparison) if row.comparison else None,
                difference=difference,
                difference_interval=difference_interval,
                difference_reading=difference_reading,
                direction=row.indicator.get_direction_display(),
                cost_per_reached=(
                    kroner(row.cost_per_reached)
                    if row.participants.reached is not None and report.spent
                    else "–"
                ),
            )
        )
    return result


def perceived_lines(report: EvaluationReport) -> list[tuple[int, str]]:
    """How much it helped, 1–5; empty when fewer than 5 answered (then nothing is shown)."""
    if report.perceived.answered is None:
        return []
    return [
        (value, fewer_than_5() if count is None else str(count))
        for value, count in report.perceived.how_much.items()
    ]


def count_text(count: int) -> str:
    return fewer_than_5() if 0 < count < 5 else str(count)


def goal_money_lines(report: EvaluationReport) -> list[tuple[str, str, str]]:
    """(goal, decisions, paid) per goal; fewer than 5 decisions hide both figures."""
    result = []
    for money in report.goal_money:
        if money.suppressed:
            result.append((money.title, fewer_than_5(), fewer_than_5()))
        else:
            result.append((money.title, str(money.decisions), kroner(money.paid)))
    return result
