from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "samskap.support"
    verbose_name = _("Support")

    def ready(self) -> None:
        # Support adds its panels to people's household page; people never imports support.
        from samskap.people.sections import register_household_section
        from samskap.support.household_sections import household_actions, household_panels

        register_household_section(household_actions)
        register_household_section(household_panels)

        # Payments corrects a waiting payment from the household's current account.
        from samskap.payments.payees import register_current_payee
        from samskap.support.payees import household_payee

        register_current_payee(household_payee)
