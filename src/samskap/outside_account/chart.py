"""Server-rendered SVG charts of the outside account (pure Python: the CLI and the page).

No inline style and no script: colours are presentation attributes, so the charts pass the
Content-Security-Policy. Each chart carries a <title> and a <desc>; the page shows the same
numbers as a table beside it.
"""

from __future__ import annotations

from html import escape

import numpy as np

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 90, 130, 20, 40
# Colour-blind safe (Okabe–Ito), with a dash pattern each so colour is never the only cue.
SERIES_STYLE = [
    ("#0072B2", ""),
    ("#D55E00", "6 4"),
    ("#009E73", "2 3"),
    ("#000000", ""),
]


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    start = np.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(float(value))
        value += step
    return ticks


def _money(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f} M".replace(".", ",")
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f} k"
    return f"{value:.0f}"


def line_chart(
    *,
    years: list[int],
    series: list[tuple[str, list[float]]],
    title: str,
    description: str,
    marker_year: int | None = None,
    marker_label: str = "",
) -> str:
    """Lines over the years with a zero line; ``series`` is (label, values) per line."""
    values = [v for _, vs in series for v in vs] + [0.0]
    ticks = _nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(years) - 1, 1)

    def x(i: float) -> float:
        return round(LEFT + plot_w * i / span, 1)

    def y(v: float) -> float:
        return round(TOP + (high - v) / (high - low) * plot_h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title chart-desc" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(_money(tick))}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0)}" y2="{y(0)}" '
        f'stroke="#000" stroke-width="1.5"/>'
    )
    step = max(1, round(len(years) / 8))
    for i, year in enumerate(years):
        if i % step == 0 or i == len(years) - 1:
            out.append(
                f'<text x="{x(i)}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'font-size="12" fill="#333">{year}</text>'
            )
    if marker_year is not None and years and years[0] <= marker_year <= years[-1]:
        mx = x(marker_year - years[0])
        out.append(
            f'<line x1="{mx}" x2="{mx}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#6b6b6b" '
            f'stroke-dasharray="3 3"/><text x="{mx + 4}" y="{TOP + 12}" font-size="12" '
            f'fill="#333">{escape(marker_label)}</text>'
        )
    for n, (label, vals) in enumerate(series):
        colour, dash = SERIES_STYLE[n % len(SERIES_STYLE)]
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(vals))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        ly = TOP + 16 + 20 * n
        out.append(
            f'<line x1="{WIDTH - RIGHT + 10}" x2="{WIDTH - RIGHT + 34}" y1="{ly - 4}" '
            f'y2="{ly - 4}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{WIDTH - RIGHT + 38}" y="{ly}" font-size="12" fill="#333">'
            f"{escape(label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def tornado_chart(
    *, rows: list[tuple[str, float, float]], base: float, title: str, description: str
) -> str:
    """Horizontal bars from the base NPV to the NPV at each parameter's low and high value."""
    height = TOP + BOTTOM + 26 * max(len(rows), 1)
    values = [base] + [v for _, lo, hi in rows for v in (lo, hi)]
    ticks = _nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    left, right = 170, 20
    plot_w = WIDTH - left - right

    def x(v: float) -> float:
        return round(left + (v - low) / (high - low) * plot_w, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="tornado-title tornado-desc" class="chart">',
        f'<title id="tornado-title">{escape(title)}</title>',
        f'<desc id="tornado-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        out.append(
            f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{TOP}" y2="{height - BOTTOM}" '
            f'stroke="#e0e0e0"/><text x="{x(tick)}" y="{height - BOTTOM + 18}" '
            f'text-anchor="middle" font-size="12" fill="#333">{escape(_money(tick))}</text>'
        )
    for n, (label, lo, hi) in enumerate(rows):
        top = TOP + 26 * n + 4
        out.append(
            f'<text x="{left - 6}" y="{top + 13}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(label)}</text>'
        )
        for value, colour in ((lo, "#D55E00"), (hi, "#0072B2")):
            a, b = sorted((x(base), x(value)))
            out.append(
                f'<rect x="{a}" y="{top}" width="{max(b - a, 0.5)}" height="18" fill="{colour}"/>'
            )
    out.append(
        f'<line x1="{x(base)}" x2="{x(base)}" y1="{TOP}" y2="{height - BOTTOM}" '
        f'stroke="#000" stroke-width="1.5"/>'
    )
    out.append("</svg>")
    return "".join(out)
