from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samskap.effects.surveys"
    label = "effects_surveys"
    verbose_name = _("Perceived effect")
    # The citizen reads these strings: complete catalogues in every citizen language.
    citizen_facing = True

    def ready(self) -> None:
        # The household page lists the surveys; people never imports effects.
        from samskap.effects.surveys.household_sections import survey_panel
        from samskap.people.sections import register_household_section

        register_household_section(survey_panel)

        # Surveys follow a payout; payments never imports effects.
        from samskap.effects.surveys.tasks import survey_work_after_export
        from samskap.payments.hooks import register_payments_exported

        register_payments_exported(survey_work_after_export)
