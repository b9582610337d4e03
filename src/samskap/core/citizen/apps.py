from django.apps import AppConfig


class CitizenPagesConfig(AppConfig):
    name = "samskap.core.citizen"
    label = "core_citizen"
    # Its catalogues must be complete in every language of settings.LANGUAGES.
    citizen_facing = True
