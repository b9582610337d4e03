"""What follows a household to its new contact person, from contexts above people.

When a household gets another contact person (`people.services.household_contact_person_set`),
an app that keeps work for the old one (support: the task after a payment the bank sent
back) moves it along. It registers a function in its `AppConfig.ready()`; people never
imports it. Each function runs inside the hand-over's transaction and returns how many
things it moved, for the audit row.
"""

from samskap.core.registry import Registry

# function(*, household, old_contact_person, new_contact_person, acting_user) -> int
_functions = Registry()
register_contact_person_follow = _functions.register


def contact_person_followed(
    *, household, old_contact_person, new_contact_person, acting_user
) -> int:
    """Run every registered function; the number of things they moved."""
    return sum(
        function(
            household=household,
            old_contact_person=old_contact_person,
            new_contact_person=new_contact_person,
            acting_user=acting_user,
        )
        for function in _functions
    )
