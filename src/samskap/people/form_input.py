"""Between the household forms and the services: used by people's pages and by the
support flow's guided case, so both turn a form into a member and a refusal into a page
the same way."""

from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error, add_problems, passed_fields
from samskap.people import services
from samskap.people.duplicates import DuplicateIdentity
from samskap.people.services import MemberInput

# A form's fields that are neither the household's nor the person's own.
_NOT_CHECKED = ("confirm_duplicate", "account_holder")


def member_input(data) -> MemberInput:
    """A MemberForm's (or a household form's) cleaned data as a MemberInput."""
    return MemberInput(
        name=data["name"],
        role=data["role"],
        birth_year=data["birth_year"],
        national_id=data["national_id"],
        preferred_language=data["preferred_language"],
        phone=data["phone"],
        email=data["email"],
    )


def refused(form, error: DomainError) -> dict:
    """Put the refusal on its field; a duplicate warning also shows the confirmation box
    and links to the other households the user may see (extra template context)."""
    add_domain_error(form, error)
    if isinstance(error, DuplicateIdentity):
        return {"duplicate_warning": True, "duplicates": error.households}
    return {}


def _passed(form) -> dict:
    return {name: value for name, value in passed_fields(form).items() if name not in _NOT_CHECKED}


def check_refused_household(form, *, acting_user) -> None:
    """For a household form its own checks refused: the service's checks of the fields
    that passed, in the same answer (the e-mail, then the national identity number, then
    the phone number came one per try)."""
    add_problems(form, services.household_check(acting_user=acting_user, **_passed(form)))


def check_refused_member(form, *, acting_user, household) -> None:
    """The same for a person added to a household."""
    add_problems(
        form,
        services.member_check(acting_user=acting_user, household=household, **_passed(form)),
    )


def check_refused_bank_account(form, *, acting_user, household) -> None:
    """The same for a payout account: a bad account number and an empty holder came one
    per try."""
    fields = passed_fields(form, ("bank_account", "account_holder"))
    add_problems(
        form,
        services.household_bank_account_check(
            acting_user=acting_user, household=household, **fields
        ),
    )


def consent_arguments(data) -> dict:
    """The consent form's cleaned data as `consent_give`'s keyword arguments."""
    return {name: data[name] for name in _CONSENT_FIELDS}


def check_refused_consent(form, *, acting_user, household) -> None:
    """The same for a consent: missing fields and a given-date in the future came one
    per try."""
    add_problems(
        form,
        services.consent_check(
            acting_user=acting_user,
            household=household,
            **passed_fields(form, _CONSENT_FIELDS),
        ),
    )


_CONSENT_FIELDS = ("given_by", "method", "given_on", "services", "purposes", "valid_until", "scope")
