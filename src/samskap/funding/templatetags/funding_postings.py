"""The budget page's posting rows, written in Python: the same HTML the row template wrote
(kept equal by tests/funding/test_budget_postings.py), without its ~40 variable lookups
and filters per row. 50 rows: about 4.7 → 1 ms of rendering at `medium`."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from samskap.core.money import format_nok

register = template.Library()


def _amount(value) -> str:
    return "" if value is None else conditional_escape(format_nok(value))


@register.simple_tag
def posting_row(line) -> str:
    """One line of `funding.selectors.posting_lines` as a table row, escaped."""
    txn = line.transaction
    kind = conditional_escape(line.kind)
    if txn.earmarked_scheme:
        kind += f" ({conditional_escape(txn.earmarked_scheme.budget_line)})"
    who = txn.acting_user or gettext("system")
    return mark_safe(  # noqa: S308 - every part above is escaped
        "\n  <tr>\n"
        f"    <td>{conditional_escape(date_filter(txn.booked_on, 'SHORT_DATE_FORMAT'))}</td>\n"
        f"    <td>{conditional_escape(localize(line.year))}</td>\n"
        f"    <td>{kind}</td>\n"
        f"    <td>{conditional_escape(txn.reason_text)}</td>\n"
        f"    <td>{conditional_escape(who)}</td>\n"
        f'    <td class="num">{_amount(line.budget)}</td>\n'
        f'    <td class="num">{_amount(line.committed)}</td>\n'
        f'    <td class="num">{_amount(line.paid)}</td>\n'
        "  </tr>\n  "
    )
