"""The payments overview's rows, written in Python: the same HTML the row template wrote
(kept equal by tests/payments/test_payment_rows.py), without its dozen lookups, filters
and a `{% url %}` per row. The waiting list's 50 rows were most of the overview's
rendering (issue 14)."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from samskap.core.cells import IdAddress, escaped
from samskap.core.money import nok_formatter

register = template.Library()


def _instructed(payment) -> str:
    """`{{ payment.created_at|date:"SHORT_DATETIME_FORMAT" }}`."""
    return escaped(date_filter(template_localtime(payment.created_at), "SHORT_DATETIME_FORMAT"))


def _problem(payment) -> str:
    return escaped(payment.problem)


def _held(payment) -> str:
    return escaped(payment.status_reason_text)


def _status(payment) -> str:
    """`{{ payment.get_status_display }}`, and the bank's reason when it was returned."""
    text = escaped(payment.get_status_display())
    if payment.status == "returned":
        text += f": {escaped(payment.return_reason_text)}"
    return text


# The third column of each list: when it was instructed (waiting), the export's problem
# (set aside), the reason it is held, or its status (the history).
_THIRD = {"instructed": _instructed, "problem": _problem, "held": _held, "status": _status}


@register.simple_tag
def payment_rows(payments, third: str, indent: int = 4) -> str:
    """One row per payment, as `<tr><td>{% url %} link</td><td>sub-project</td>
    <td>third</td><td class="num">amount</td></tr>` each, with the loop's whitespace
    (`indent` spaces) around it."""
    column = _THIRD[third]
    address = IdAddress("payments:payment")
    nok = nok_formatter()
    gap = "\n" + " " * indent
    return mark_safe(  # noqa: S308 - every part is escaped
        "".join(
            f'{gap}<tr><td><a class="ds-link" href="{address(payment.pk)}">'
            f"{escaped(payment.end_to_end_id)}</a></td>"
            f"<td>{escaped(payment.subproject.name)}</td>"
            f"<td>{column(payment)}</td>"
            f'<td class="num">{escaped(nok(payment.amount))}</td></tr>{gap}'
            for payment in payments
        )
    )
