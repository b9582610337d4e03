"""Server-rendered SVG geometry for the Lorenz curve (the template draws it)."""

from dataclasses import dataclass

SIZE, MARGIN = 300, 40


@dataclass
class LorenzChart:
    size: int
    margin: int
    plot: int
    curve: str  # polyline points
    equality: str  # the line of perfect equality
    ticks: list[tuple[float, str]]  # (position along an axis, label)


def lorenz_chart(points: list[tuple[float, float]]) -> LorenzChart | None:
    """Chart geometry for Lorenz points (share of households, share of money); None
    when there is nothing to draw."""
    if not points:
        return None
    plot = SIZE - 2 * MARGIN

    def xy(share_households: float, share_money: float) -> str:
        x = MARGIN + share_households * plot
        y = MARGIN + (1 - share_money) * plot
        return f"{x:.1f},{y:.1f}"

    return LorenzChart(
        size=SIZE,
        margin=MARGIN,
        plot=plot,
        curve=" ".join(xy(h, m) for h, m in points),
        equality=f"{xy(0, 0)} {xy(1, 1)}",
        ticks=[(round(MARGIN + step / 4 * plot, 1), f"{step * 25}\u00a0%") for step in range(5)],
    )
