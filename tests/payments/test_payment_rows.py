"""`{% payment_rows %}` writes the payments overview's rows as the row template did (issue
14: the waiting list's 50 rows were most of the overview's rendering)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from samskap.payments.models import Payment, PaymentStatus
from samskap.subprojects.models import SubProject

# The overview's loops before `{% payment_rows %}` (payments/overview.html), one per list.
OLD = {
    "instructed": (
        "{% load samskap %}"
        "{% for payment in payments %}\n"
        '    <tr><td><a class="ds-link" href="{% url \'payments:payment\' payment.pk %}">'
        "{{ payment.end_to_end_id }}</a></td><td>{{ payment.subproject.name }}</td>"
        '<td>{{ payment.created_at|date:"SHORT_DATETIME_FORMAT" }}</td>'
        '<td class="num">{{ payment.amount|nok }}</td></tr>\n'
        "    {% endfor %}"
    ),
    "problem": (
        "{% load samskap %}"
        "{% for payment in payments %}\n"
        '    <tr><td><a class="ds-link" href="{% url \'payments:payment\' payment.pk %}">'
        "{{ payment.end_to_end_id }}</a></td><td>{{ payment.subproject.name }}</td>"
        '<td>{{ payment.problem }}</td><td class="num">{{ payment.amount|nok }}</td></tr>\n'
        "    {% endfor %}"
    ),
    "held": (
        "{% load samskap %}"
        "{% for payment in payments %}\n"
        '    <tr><td><a class="ds-link" href="{% url \'payments:payment\' payment.pk %}">'
        "{{ payment.end_to_end_id }}</a></td><td>{{ payment.subproject.name }}</td>"
        "<td>{{ payment.status_reason_text }}</td>"
        '<td class="num">{{ payment.amount|nok }}</td></tr>\n'
        "    {% endfor %}"
    ),
    "status": (
        "{% load samskap %}"
        "{% for payment in payments %}\n"
        '  <tr><td><a class="ds-link" href="{% url \'payments:payment\' payment.pk %}">'
        "{{ payment.end_to_end_id }}</a></td><td>{{ payment.subproject.name }}</td>"
        "<td>{{ payment.get_status_display }}"
        '{% if payment.status == "returned" %}: {{ payment.return_reason_text }}{% endif %}'
        '</td><td class="num">{{ payment.amount|nok }}</td></tr>\n'
        "  {% endfor %}"
    ),
}
NEW = {
    "instructed": '{% load payment_rows %}{% payment_rows payments "instructed" %}',
    "problem": '{% load payment_rows %}{% payment_rows payments "problem" %}',
    "held": '{% load payment_rows %}{% payment_rows payments "held" %}',
    "status": '{% load payment_rows %}{% payment_rows payments "status" indent=2 %}',
}


def _payments() -> list[Payment]:
    """Payments of every status, with text that must be escaped, amounts from øre to
    millions, and times around midnight and a change of summer time (Oslo)."""
    names = ["Bydel Øst", "A & B <Midt>", "«Sør» 'vest'"]
    reasons = ["", "Mangler konto & <KID>", 'Feil i "navn"\nlinje 2']
    # Reasons Samskap writes itself are fixed texts, translated on the page.
    status_reasons = ["", "Venter på kvittering <b>", "Cancelled payment SAMSKAP-7"]
    return_reasons = ["AC04", "MS03", "", "Ukjent <grunn> & mer"]
    amounts = ["0.01", "1.00", "999.99", "1000.00", "12345.67", "1000000.50", "999999999.99"]
    times = [
        datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 1, 15, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 0, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 23, 0, tzinfo=datetime.UTC),
    ]
    payments = []
    for index, status in enumerate(PaymentStatus.values * 3):
        payments.append(
            Payment(
                pk=index + 1,
                end_to_end_id=f"SAMSKAP-{index:04d}<&>",
                subproject=SubProject(pk=index % 3 + 1, name=names[index % 3]),
                created_at=times[index % len(times)],
                amount=Decimal(amounts[index % len(amounts)]),
                status=status,
                problem=reasons[index % 3],
                status_reason=status_reasons[index % 3],
                return_reason=return_reasons[index % 4],
            )
        )
    return payments


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("third", list(OLD))
def test_payment_rows_write_what_the_row_template_wrote(third, language):
    payments = _payments()
    with translation.override(language):
        for shown in (payments, payments[:1], []):
            context = {"payments": shown}
            old = Template(OLD[third]).render(Context(context))
            assert Template(NEW[third]).render(Context(context)) == old
