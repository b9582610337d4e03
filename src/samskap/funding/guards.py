"""Checks and helpers shared by funding's write services: period, locks, audit.

Access checks live in `samskap.funding.access`."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.money import format_nok
from samskap.funding import ledger
from samskap.funding.errors import NotEnoughLeft
from samskap.funding.models import (
    Account,
    AccountKind,
    LedgerTransaction,
    ProgrammeAgreement,
)


def today() -> datetime.date:
    return timezone.localdate()


def check_year(agreement: ProgrammeAgreement, year: int) -> None:
    if year not in agreement.years:
        raise DomainError(
            _("%(year)s is outside the agreement period (%(first)s–%(last)s).")
            % {"year": year, "first": agreement.starts_on.year, "last": agreement.ends_on.year},
            field="year",
        )


def check_day(agreement: ProgrammeAgreement, day: datetime.date, field: str) -> None:
    if not agreement.covers(day):
        raise DomainError(
            _("The date must be within the agreement period, %(start)s to %(end)s.")
            % {
                "start": agreement.starts_on.strftime("%d.%m.%Y"),
                "end": agreement.ends_on.strftime("%d.%m.%Y"),
            },
            field=field,
        )


def audit_posting(acting_user, txn: LedgerTransaction, action: str, **values) -> None:
    audit_record_create(
        actor=acting_user,
        action=action,
        target=txn,
        new_values={
            "kind": txn.kind,
            "booked_on": txn.booked_on.isoformat(),
            **{key: str(value) for key, value in values.items()},
        },
        municipality=txn.agreement.municipality,
    )


def lock_subprojects(*subprojects) -> None:
    """Lock every account of these sub-projects at once, in primary-key order.

    Money actions on one sub-project then run one at a time, and two actions touching
    the same sub-projects always take their locks in the same order, so none deadlock.
    """
    ledger.locked(Account.objects.filter(subproject__in=[s.pk for s in subprojects]))


def budget_accounts(subproject, year: int) -> list[Account]:
    lock_subprojects(subproject)
    return ledger.locked(
        Account.objects.filter(
            agreement=subproject.agreement_id,
            kind=AccountKind.BUDGET,
            subproject=subproject,
            year=year,
        )
    )


def not_enough_in_budget(remaining: Decimal) -> NotEnoughLeft:
    return NotEnoughLeft(
        _("Not enough left in the budget: %(left)s left.") % {"left": format_nok(remaining)},
        remaining=remaining,
    )
