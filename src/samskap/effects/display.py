"""The evaluation report as text, the same for the page, the PDF and the Excel sheet:
shares with their interval, means with one decimal, every suppressed figure as
"fewer than 5". Nothing here computes; report.py does."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


def _whole_kroner(amount: float | Decimal) -> str:
    """An amount in whole kroner with the language's grouping ("1 200"), no "kr"."""
    whole = Decimal(str(amount)).quantize(Decimal("1"), ROUND_HALF_UP)
    return number_format(whole, decimal_pos=0, use_l10n=True, force_grouping=True)


def kroner(amount: float | Decimal | None) -> str:
    if amount is None:
        return fewer_than_5()
    return f"{_whole_kroner(amount)}\u00a0kr"


def kroner_range(low: float, high: float) -> str:
    """An interval of amounts: "0–799 kr"."""
    return f"{_whole_kroner(low)}–{_whole_kroner(high)}\u00a0kr"


def count_number(value: float | Decimal) -> str:
    """A count's own value, target or baseline: whole where it is whole ("1", not "1,0"),
    otherwise one decimal."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return number_format(int(number), decimal_pos=0, force_grouping=True)
    return _number(number)


def indicator_value(kind: str, value: float | Decimal) -> str:
    """One value of an indicator's kind as the report shows a target or a baseline: a
    share in per cent, an amount in kroner, a count whole where whole, a scale with one
    decimal."""
    if kind == IndicatorKind.ACHIEVED:
        return f"{_number(value, 0)}\u00a0%"
    if kind == IndicatorKind.AMOUNT:
        return kroner(value)
    if kind == IndicatorKind.COUNT:
        return count_number(value)
    return _number(value)


def mean_text(kind: str, estimate: Estimate) -> str:
    """A group's mean: kroner for amounts, one decimal otherwise (a mean of counts too)."""
    return kroner(estimate.value) if kind == IndicatorKind.AMOUNT else _number(estimate.value)


def mean_interval_text(kind: str, estimate: Estimate) -> str:
    if kind == IndicatorKind.AMOUNT:
        return kroner_range(estimate.low, estimate.high)
    return mean_interval(estimate)


def share(estimate: Estimate) -> str:
    return f"{_number(estimate.value * 100, 0)}\u00a0%"


def share_interval(estimate: Estimate) -> str:
    return f"{_number(estimate.low * 100, 0)}–{_number(estimate.high * 100, 0)}\u00a0%"


def mean_interval(estimate: Estimate) -> str:
    return f"{_number(estimate.low)}–{_number(estimate.high)}"


def signed(value: float, *, percent: bool, amount: bool = False) -> str:
    if percent:
        text = _("%(value)s percentage points") % {"value": _number(value * 100, 0)}
    elif amount:
        text = kroner(value)
    else:
        text = _number(value)
    return text if text.startswith("-") else f"+{text}"


def target_text(row: IndicatorRow) -> str:
    return indicator_target_text(row.indicator)


def indicator_target_text(indicator) -> str:
    """The target as staff read it; "at most …" when lower is better."""
    text = indicator_value(indicator.kind, indicator.target)
    if indicator.kind == IndicatorKind.ACHIEVED:
        return text
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
    value = indicator_value(indicator.kind, indicator.baseline_value)
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
    kind = row.indicator.kind
    achieved = kind == IndicatorKind.ACHIEVED
    text = GroupText(
        n=str(figures.n),
        value=share(figures.estimate) if achieved else mean_text(kind, figures.estimate),
        interval=(
            share_interval(figures.estimate)
            if achieved
            else mean_interval_text(kind, figures.estimate)
        ),
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
                style = {
                    "percent": row.indicator.kind == IndicatorKind.ACHIEVED,
                    "amount": row.indicator.kind == IndicatorKind.AMOUNT,
                }
                difference = signed(row.difference.value, **style)
                difference_interval = (
                    f"{signed(row.difference.low, **style)} – "
                    f"{signed(row.difference.high, **style)}"
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
