from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubprojectsConfig(AppConfig):
    name = "samskap.subprojects"
    verbose_name = _("Subprojects")

    def ready(self) -> None:
        from samskap.accounts.departures import register_departure_check
        from samskap.subprojects.services import last_lead_departures

        register_departure_check(last_lead_departures)
