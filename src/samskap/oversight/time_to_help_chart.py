"""Server-rendered SVG geometry for the time-to-help bars (the template draws them).

One bar per sub-project that is shown (median days from needs mapped to decided) and one
for the ordinary route's baseline, on the same scale; the label sits above each bar so
long sub-project names fit a phone. The numbers are in the table below the chart."""

from dataclasses import dataclass

WIDTH, BAR, STEP, TOP = 360, 14, 44, 8


@dataclass
class Bar:
    label: str
    days: float
    label_y: int
    bar_y: int
    width: float
    value_x: float
    baseline: bool


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def bar_chart(values: list[tuple[str, float]], *, baseline: tuple[str, float]) -> BarChart | None:
    """Bars for (label, days), the baseline last; None when no sub-project is shown."""
    if not values:
        return None
    items = [(label, days, False) for label, days in values] + [(*baseline, True)]
    longest = max(days for _label, days, _b in items) or 1.0
    room = WIDTH - 60  # space for the number after the longest bar
    bars = []
    for index, (label, days, is_baseline) in enumerate(items):
        top = TOP + index * STEP
        width = max(room * days / longest, 1.0)
        bars.append(
            Bar(
                label=label,
                days=days,
                label_y=top + 12,
                bar_y=top + 18,
                width=round(width, 1),
                value_x=round(width + 6, 1),
                baseline=is_baseline,
            )
        )
    return BarChart(width=WIDTH, height=TOP + len(items) * STEP + 4, bar_height=BAR, bars=bars)
