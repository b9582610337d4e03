"""The consumer price index shipped with Samskap (SSB table 03014, annual average,
2015=100; data/kpi_ssb_03014.csv says where it comes from) and indexing with it."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "kpi_ssb_03014.csv"
SERIES = "SSB 03014 KPI, årsgjennomsnitt (2015=100)"
SOURCE_URL = "https://www.ssb.no/statbank/table/03014/"


@cache
def series() -> dict[int, Decimal]:
    rows = (
        line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    )
    return {int(row["year"]): Decimal(row["index"]) for row in csv.DictReader(rows)}


def current_price_year() -> int:
    """The last year with a published annual average."""
    return max(series())


def factor(from_year: int, to_year: int | None = None) -> Decimal:
    """What 1 krone of ``from_year`` is in ``to_year`` prices (default: the current price
    year). Years outside the series take its nearest end: amounts after the last published
    year are taken as already in current prices."""
    index = series()
    first, last = min(index), max(index)
    to_year = last if to_year is None else to_year

    def at(year: int) -> Decimal:
        return index[min(max(year, first), last)]

    return at(to_year) / at(from_year)


def index(amount: Decimal, from_year: int, to_year: int | None = None) -> Decimal:
    """``amount`` in ``from_year`` prices, in ``to_year`` prices, to the øre."""
    return (Decimal(amount) * factor(from_year, to_year)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def label() -> str:
    return f"{SERIES}, {min(series())}–{current_price_year()}"
