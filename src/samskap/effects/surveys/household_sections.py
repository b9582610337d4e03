"""The household page's panel of perceived-effect surveys (registered in SurveysConfig.ready)."""

from samskap.effects.surveys import selectors
from samskap.people.sections import HouseholdSection


def survey_panel(*, household, user) -> HouseholdSection | None:
    surveys = selectors.surveys_on_household_page(household_id=household.pk)
    if not surveys:
        return None
    return HouseholdSection(
        template_name="surveys/_household_panel.html", context={"surveys": surveys}
    )
