from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "samskap.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Funding asks before closing a period; it never imports payments.
        from samskap.funding.closing import register_close_blocker
        from samskap.payments.closing import payments_waiting_for_the_bank

        register_close_blocker(payments_waiting_for_the_bank)
