"""Server-rendered SVG geometry for the burn-down chart (the template draws it)."""

from dataclasses import dataclass
from decimal import Decimal

from samskap.funding.reports import BurnDown

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 20, 40


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class BurnDownChart:
    width: int
    height: int
    actual: str
    forecast: str
    zero_y: float
    left: int
    right: int
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def _millions(value: Decimal) -> str:
    """45 000 000 -> "45,0": a Norwegian decimal comma in every interface language. A
    value that rounds to nought is "0,0", never "−0,0" (an empty pot's axis)."""
    rounded = (Decimal(value) / 1_000_000).quantize(Decimal("0.1"))
    if rounded == 0:
        rounded = Decimal("0.0")
    return f"{rounded:.1f}".replace(".", ",").replace("-", "\u2212")


def burn_down_chart(burn: BurnDown) -> BurnDownChart:
    points = burn.points
    values = [point.left for point in points] + [burn.planned, Decimal("0")]
    top, bottom = max(values), min(values)
    span = (top - bottom) or Decimal("1")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(points) - 1, 1)

    def x(index: int) -> float:
        return round(LEFT + plot_w * index / count, 1)

    def y(value: Decimal) -> float:
        return round(TOP + float((top - value) / span) * plot_h, 1)

    actual = [(x(i), y(p.left)) for i, p in enumerate(points) if not p.forecast]
    forecast_start = max(len(actual) - 1, 0)
    forecast = [
        (x(i), y(p.left)) for i, p in enumerate(points) if p.forecast or i == forecast_start
    ]
    if not actual:
        forecast = [(x(0), y(burn.planned)), *forecast]
    y_ticks = [
        Tick(position=y(top - span * step / 4), label=_millions(top - span * step / 4))
        for step in range(5)
    ]
    x_ticks = [
        Tick(position=x(i), label=str(p.month.year))
        for i, p in enumerate(points)
        if p.month.month == 1 or i == 0
    ]
    return BurnDownChart(
        width=WIDTH,
        height=HEIGHT,
        actual=" ".join(f"{px},{py}" for px, py in actual),
        forecast=" ".join(f"{px},{py}" for px, py in forecast),
        zero_y=y(Decimal("0")),
        left=LEFT,
        right=WIDTH - RIGHT,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
