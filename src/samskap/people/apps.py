from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "samskap.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from samskap.people.selectors import participant_birth_years
        from samskap.subprojects.participants import register_participant_birth_years

        register_participant_birth_years(participant_birth_years)

        # The sub-project page links its lead to handing a colleague's households over.
        from samskap.people.page_links import hand_over_links
        from samskap.subprojects.page_links import register_subproject_links

        register_subproject_links(hand_over_links)

        # Deactivating a contact person, or taking their seat, waits for the hand-over.
        from samskap.accounts.departures import register_departure_check
        from samskap.people.selectors import contact_person_departures

        register_departure_check(contact_person_departures)
