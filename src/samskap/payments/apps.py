from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "samskap.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Funding asks before closing a period; it never imports payments.
        from samskap.funding.closing import register_close_blocker
        from samskap.funding.owned_postings import register_owned_postings
        from samskap.payments.closing import payments_waiting_for_the_bank

        register_close_blocker(payments_waiting_for_the_bank)
        # A payment's postings are undone through the payment (cancel, withdraw, return).
        register_owned_postings(
            "payment:",
            _(
                "This posting belongs to a payment. Cancel the payment, withdraw its "
                "bank file or record its return instead."
            ),
        )
