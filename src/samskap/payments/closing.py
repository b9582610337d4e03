"""Funding's close blocker from payments: a period stays open while its payments wait.

Registered in `PaymentsConfig.ready()`; funding never imports payments.
"""

from django.utils.translation import ngettext

from samskap.payments.models import Payment, PaymentStatus

# The bank's answer is final for these; every other state still waits for it
# (waiting for export, held, or sent to the bank without an answer yet).
ANSWERED = (PaymentStatus.PAID, PaymentStatus.RETURNED, PaymentStatus.CANCELLED)


def payments_waiting_for_the_bank(agreement) -> list[str]:
    """One reason naming how many of the agreement's payments are still unanswered."""
    count = (
        Payment.objects.filter(subproject__agreement=agreement).exclude(status__in=ANSWERED).count()
    )
    if not count:
        return []
    return [
        ngettext(
            "%(count)s payment is still waiting for the bank's answer.",
            "%(count)s payments are still waiting for the bank's answer.",
            count,
        )
        % {"count": count}
    ]
