from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "samskap.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from samskap.people.selectors import participant_birth_years
        from samskap.subprojects.participants import register_participant_birth_years

        register_participant_birth_years(participant_birth_years)
