"""Between the household forms and the services: used by people's pages and by the
support flow's guided case, so both turn a form into a member and a refusal into a page
the same way."""

from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error
from samskap.people.duplicates import DuplicateIdentity
from samskap.people.services import MemberInput


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
