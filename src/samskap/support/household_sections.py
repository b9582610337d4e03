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
    returned = selectors.returned_payments_by_request(household=household)
    requests = [
        (support_request, returned.get(support_request.pk, []))
        for support_request in selectors.requests_of(household=household)
    ]
    return HouseholdSection(
        template_name="support/_household_panels.html",
        context={
            "mappings": selectors.needs_mappings_of(household=household),
            "letters": selectors.letters_of(household=household),
            "requests": requests,
        },
    )
