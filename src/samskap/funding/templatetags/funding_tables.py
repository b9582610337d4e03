"""The pot overview's, the scheme report's and the budget page's money tables, written in
Python: the same HTML their templates wrote (kept equal by
tests/funding/test_funding_tables.py), without a `{% include %}` of four filtered cells
for every row, or some thirty lookups, filters and `{% url %}` per row (issue 14: the
scheme report's and the pot overview's rows were most of their rendering).

Every amount is written by one `nok_formatter` per table (the language's separators
looked up once), every value escaped as `{{ value }}` escapes it (`core.cells.escaped`)."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from samskap.core.cells import IdAddress, escaped
from samskap.core.money import nok_formatter

register = template.Library()


class _Texts:
    """Each amount and year of one table written once (a table repeats many: zeros, the
    same years), escaped: `nok(amount)` is `{{ amount|nok }}`, `year(year)` `{{ year }}`."""

    def __init__(self):
        self._format = nok_formatter()
        self._amounts: dict = {}
        self._years: dict = {}

    def nok(self, value) -> str:
        text = self._amounts.get(value)
        if text is None:
            text = self._amounts[value] = escaped(self._format(value))
        return text

    def year(self, value) -> str:
        text = self._years.get(value)
        if text is None:
            text = self._years[value] = escaped(localize(value))
        return text


def _cells(cell, texts: _Texts) -> str:
    """funding/_money_cells.html without its closing newline."""
    nok = texts.nok
    return (
        f'<td class="num">{nok(cell.allocated)}</td>'
        f'<td class="num">{nok(cell.committed)}</td>'
        f'<td class="num">{nok(cell.paid)}</td>'
        f'<td class="num">{nok(cell.remaining)}</td>'
    )


@register.simple_tag
def money_cells(cell) -> str:
    """`{% include "funding/_money_cells.html" %}` for one cell (its newline included)."""
    return mark_safe(_cells(cell, _Texts()) + "\n")  # noqa: S308 - escaped


@register.simple_tag
def scheme_rows(section) -> str:
    """The scheme report's rows of one scheme: sub-project, year and the money cells."""
    texts = _Texts()
    return mark_safe(  # noqa: S308 - every part is escaped
        "".join(
            f'\n    <tr><th scope="row">{escaped(subproject.name)}</th>'
            f"<td>{texts.year(cell.year)}</td>{_cells(cell, texts)}\n</tr>\n    "
            for subproject, cell in section.rows
        )
    )


@register.simple_tag
def pot_rows(overview, budget_pages) -> str:
    """The pot overview's sub-projects: a `<tbody>` each, its years and its total; the
    name links to the budget page where the user may open it (`budget_pages`: ids)."""
    texts = _Texts()
    budget = IdAddress("funding:subproject")
    total = escaped(gettext("Total"))
    parts = []
    for row in overview.rows:
        sub = row.subproject
        name = escaped(sub.name)
        if sub.pk in budget_pages:
            name = f'<a class="ds-link" href="{budget(sub.pk)}">{name}</a>'
        parts.append("\n    <tbody>\n      ")
        for index, cell in enumerate(row.years):
            head = ""
            if index == 0:
                span = escaped(localize(len(row.years) + 1))
                head = f'<th scope="rowgroup" rowspan="{span}">{name}</th>'
            parts.append(
                f"\n      <tr>\n        {head}\n"
                f'        <th scope="row">{texts.year(cell.year)}</th>'
                f"{_cells(cell, texts)}\n      </tr>\n      "
            )
        parts.append(
            f'\n      <tr><th scope="row">{total}</th>{_cells(row.total, texts)}</tr>'
            "\n    </tbody>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped


@register.simple_tag
def burn_rows(burn) -> str:
    """The burn-down's table: each month, what is left, and whether it is a forecast."""
    nok = nok_formatter()
    kinds = {True: escaped(gettext("forecast")), False: escaped(gettext("actual"))}
    return mark_safe(  # noqa: S308 - every part is escaped
        "".join(
            f'\n      <tr><th scope="row">{escaped(date_filter(point.month, "F Y"))}</th>'
            f'<td class="num">{escaped(nok(point.left))}</td>'
            f"<td>{kinds[bool(point.forecast)]}</td></tr>\n      "
            for point in burn.points
        )
    )
