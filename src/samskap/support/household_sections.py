"""Support's part of the household page: the buttons to map needs and write a letter, and
the panels with the household's mappings, letters and requests.

Registered with `people.sections` in `SupportConfig.ready()`, because support builds on
people and people must not import support.
"""

from samskap.people.sections import HouseholdSection, Place
from samskap.support import selectors


def household_actions(*, household, user) -> HouseholdSection:
    return HouseholdSection(template_name="support/_household_actions.html", place=Place.ACTIONS)


def household_panels(*, household, user) -> HouseholdSection:
    # The page got the household through people.access, so the user may see all of this.
    return HouseholdSection(
        template_name="support/_household_panels.html",
        context=vars(selectors.household_panel(household_id=household.pk)),
    )
