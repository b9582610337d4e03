"""Item 4: the pot overview's and the scheme report's figures as Samskap computes them,
against hand-written SQL over the same tables (at `medium`); the figures must agree."""

from decimal import Decimal

from django.db import connection

from benchmarks.rows import Result, Row, stopwatch
from samskap.funding import reports

TITLE = "Pot and scheme report figures against hand-written SQL (medium)"
ORDER = 40
DATA = "medium"
TARGET = 2

BALANCES = """
    SELECT kind, scheme_id, subproject_id, year, SUM(balance)
      FROM funding_account WHERE agreement_id = %s
     GROUP BY kind, scheme_id, subproject_id, year
"""
PLANNED = """
    SELECT scheme_id, SUM(amount) FROM funding_schemeyearamount
     WHERE agreement_id = %s GROUP BY scheme_id
"""
RECEIVED = """
    SELECT EXTRACT(YEAR FROM t.booked_on)::int,
           SUM(CASE l.direction WHEN 'C' THEN l.amount ELSE -l.amount END)
      FROM funding_leg l
      JOIN funding_account a ON a.id = l.account_id
      JOIN funding_ledgertransaction t ON t.id = l.transaction_id
     WHERE a.agreement_id = %s AND a.kind = 'income'
     GROUP BY 1
"""
LATE = """
    SELECT l.scheme_id, SUM(l.amount)
      FROM funding_leg l
      JOIN funding_account a ON a.id = l.account_id
      JOIN funding_ledgertransaction t ON t.id = l.transaction_id
     WHERE a.agreement_id = %s AND a.kind = 'returned' AND l.direction = 'D'
       AND t.kind = 'late_return'
     GROUP BY 1
"""
BY_MONTH = """
    SELECT date_trunc('month', t.booked_on),
           SUM(CASE l.direction WHEN 'D' THEN l.amount ELSE -l.amount END)
      FROM funding_leg l
      JOIN funding_account a ON a.id = l.account_id
      JOIN funding_ledgertransaction t ON t.id = l.transaction_id
     WHERE a.agreement_id = %s AND a.kind IN ('committed', 'paid')
     GROUP BY 1
"""


def _sql(agreement_id: int, queries: list[str]) -> list[list[tuple]]:
    with connection.cursor() as cursor:
        found = []
        for query in queries:
            cursor.execute(query, [agreement_id])
            found.append(cursor.fetchall())
        return found


def _time(function, repeat: int) -> float:
    function()  # warm
    with stopwatch() as elapsed:
        for _ in range(repeat):
            function()
    return elapsed() / repeat


def run(bench) -> Result:
    demo = bench.demo()
    result = Result(notes=list(bench.notes))
    agreement = demo["agreement"]
    repeat = bench.size(20, 3)

    # The figures agree before anything is timed.
    overview = reports.pot_overview(agreement=agreement)
    balances, _planned, received, _late = _sql(agreement.pk, [BALANCES, PLANNED, RECEIVED, LATE])
    paid = sum((row[4] for row in balances if row[0] == "paid"), Decimal("0"))
    committed = sum((row[4] for row in balances if row[0] == "committed"), Decimal("0"))
    if (overview.total.paid, overview.total.committed) != (paid, committed):
        raise RuntimeError(f"pot overview {overview.total} against SQL {paid} {committed}")
    by_year = dict(received)
    if overview.received_by_year != [by_year.get(y, Decimal("0.00")) for y in agreement.years]:
        raise RuntimeError("received per year differs from SQL")
    result.notes.append(
        f"figures agree: paid {paid}, committed {committed}, received {sum(by_year.values())}; "
        f"each timed {repeat} times after one warm-up"
    )

    def pot():
        reports.pot_overview(agreement=agreement)
        reports.burn_down(agreement=agreement)

    ours = _time(pot, repeat)
    floor = _time(lambda: _sql(agreement.pk, [BALANCES, PLANNED, RECEIVED, LATE, BY_MONTH]), repeat)
    result.rows.append(
        Row(
            name="pot overview with burn-down",
            figure=ours * 1000,
            unit="ms",
            floor=floor * 1000,
            target=f"≤ {TARGET}×",
            met=ours / floor <= TARGET,
        )
    )
    ours = _time(lambda: reports.scheme_report(agreement=agreement), repeat)
    floor = _time(lambda: _sql(agreement.pk, [BALANCES, PLANNED, LATE]), repeat)
    result.rows.append(
        Row(
            name="scheme report",
            figure=ours * 1000,
            unit="ms",
            floor=floor * 1000,
            target=f"≤ {TARGET}×",
            met=ours / floor <= TARGET,
        )
    )
    return result
