"""The shipped CPI series against the annual changes Statistics Norway published.

SSB publishes each year's "årsvekst i KPI" in its January release (e.g. 5.8 % for 2022 on
11 January 2023, 5.5 % for 2023 on 10 January 2024, 3.1 % for 2024 in January 2025). The
index in data/kpi_ssb_03014.csv must reproduce every published change to one decimal; a
value typed wrong (2023 = 130.0 gave 5.9 %) fails here.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from samskap.outside_account import cpi

PUBLISHED_ANNUAL_CHANGE_PERCENT = {
    2016: "3.6",
    2017: "1.8",
    2018: "2.7",
    2019: "2.2",
    2020: "1.3",
    2021: "3.5",
    2022: "5.8",
    2023: "5.5",
    2024: "3.1",
}


@pytest.mark.parametrize("year", sorted(PUBLISHED_ANNUAL_CHANGE_PERCENT))
def test_each_year_reproduces_the_published_annual_change(year):
    series = cpi.series()
    change = (series[year] / series[year - 1] - 1) * 100
    assert change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == Decimal(
        PUBLISHED_ANNUAL_CHANGE_PERCENT[year]
    )


def test_the_series_has_no_gaps_and_starts_at_the_base_year():
    years = sorted(cpi.series())
    assert years[0] == 2015 and cpi.series()[2015] == 100
    assert years == list(range(years[0], years[-1] + 1))
