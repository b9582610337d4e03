"""One person, one account: warn when a national id or a payout account is already on
another household of the municipality.

Families move between households, so a duplicate is a warning the user confirms (a
second submit with the confirmation box ticked), not a refusal. Whoever may see the
other household is told which it is; anyone else gets a neutral message that names no
household, so the warning never leaks who is registered where.
"""

from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.locks import hold_values
from samskap.people.models import Household, Member
from samskap.people.selectors import households_visible_to


class DuplicateIdentity(DomainError):
    """A national id or payout account already on another household; `households` are
    the ones the user may see (empty when the others are hidden from them)."""

    def __init__(self, message, *, field, households):
        super().__init__(message, field=field)
        self.households = households


def _visible(user, ids: set[int]) -> list[Household]:
    if user is None:
        return list(Household.objects.filter(pk__in=ids).order_by("alias", "pk"))
    return list(households_visible_to(user=user).filter(pk__in=ids).order_by("alias", "pk"))


def check_national_id(*, user, municipality_id: int, national_id: str, household=None) -> bool:
    """True when the id is on another household (and so needs the user's confirmation);
    DomainError when it is already on this very household."""
    if not national_id:
        return False
    members = Member.objects.filter(
        household__municipality_id=municipality_id, national_id=national_id
    )
    if household is not None and members.filter(household=household).exists():
        raise DomainError(
            _("This national identity number is already registered in this household."),
            field="national_id",
        )
    return members.exists()


def check_bank_account(*, municipality_id: int, bank_account: str, household=None) -> bool:
    if not bank_account:
        return False
    others = Household.objects.filter(municipality_id=municipality_id, bank_account=bank_account)
    if household is not None:
        others = others.exclude(pk=household.pk)
    return others.exists()


def check(
    *,
    user,
    municipality_id: int,
    confirmed: bool,
    national_id: str = "",
    bank_account: str = "",
    household=None,
) -> bool:
    """True when a duplicate was found and the user confirmed it (an audit flag); without
    the confirmation, DuplicateIdentity for the first one found (the national id first).

    Holds the national id and the account (per municipality) until the caller's
    transaction ends, so a registration at the same moment waits and then sees this one.
    """
    hold_values(
        f"people.national_id:{municipality_id}:{national_id}" if national_id else "",
        f"people.bank_account:{municipality_id}:{bank_account}" if bank_account else "",
    )
    found_id = check_national_id(
        user=user, municipality_id=municipality_id, national_id=national_id, household=household
    )
    found_account = check_bank_account(
        municipality_id=municipality_id, bank_account=bank_account, household=household
    )
    if confirmed or not (found_id or found_account):
        return found_id or found_account
    if found_id:
        ids = set(
            Member.objects.filter(
                household__municipality_id=municipality_id, national_id=national_id
            ).values_list("household_id", flat=True)
        )
        _raise(user, ids, "national_id")
    else:
        ids = set(
            Household.objects.filter(municipality_id=municipality_id, bank_account=bank_account)
            .exclude(pk=getattr(household, "pk", None))
            .values_list("pk", flat=True)
        )
        _raise(user, ids, "bank_account")


def _raise(user, ids: set[int], field: str):
    visible = _visible(user, ids)
    what = (
        _("This national identity number") if field == "national_id" else _("This account number")
    )
    if visible and len(visible) == len(ids):
        message = _(
            "%(what)s is already registered on another household: %(households)s. If the "
            "person or the account has moved, tick the confirmation box and save again."
        ) % {"what": what, "households": ", ".join(h.alias for h in visible)}
    else:
        # Some or all of the others are hidden from this user: name none of them.
        message = _(
            "%(what)s is already registered in the municipality. Talk to your unit lead or "
            "the contact person before you register it again; if the person or the account "
            "has moved, tick the confirmation box and save again."
        ) % {"what": what}
        visible = []
    raise DuplicateIdentity(message, field=field, households=visible)
