"""The meeting's pot panel reads the amounts granted this year in a written-out statement
(issue 14): the same (amount, household) rows as `final_decisions_this_year` gives through
the ORM, in every demo sub-project, with approved, adjusted and declined decisions, and in
the year before and after (the year's bounds in the local time zone, as the ORM's)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from samskap.support import selectors
from samskap.support.limits import final_decisions_this_year
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits


def orm_rows(subproject):
    return sorted(
        final_decisions_this_year()
        .filter(request__subproject=subproject, amount__gt=0)
        .values_list("amount", "request__household_id")
    )


def test_granted_this_year_is_the_orms(demo, monkeypatch):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("100000"))
    set_limits(demo, per_decision="50000", per_year="100000")
    decide(demo, [request(demo, amount="1200.50", alias="Familien En")], key="m-1")
    decide(demo, [request(demo, amount="800", alias="Familien To")], outcome="declined", key="m-2")
    decide(
        demo,
        [request(demo, amount="900", alias="Familien Tre")],
        outcome="adjusted",
        amount="450.25",
        key="m-3",
    )
    found = 0
    for sub in demo["subprojects"].values():
        mine = sorted(selectors._granted_this_year(sub))
        assert mine == orm_rows(sub)
        assert all(type(amount) is Decimal for amount, _household in mine)
        found += len(mine)
    assert found >= 2
    today = timezone.localdate()
    for years in (-1, 1):
        other = today.replace(year=today.year + years)
        monkeypatch.setattr(timezone, "localdate", lambda *args, other=other: other)
        for sub in demo["subprojects"].values():
            assert sorted(selectors._granted_this_year(sub)) == orm_rows(sub)
    assert isinstance(other, datetime.date)
