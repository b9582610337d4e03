"""Checks and helpers shared by funding's write services: period, locks, audit.

Access checks live in `samskap.funding.access`."""

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_build, audit_record_create
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


def hold_agreement(agreement: ProgrammeAgreement) -> ProgrammeAgreement:
    """The agreement as it is now, held against closing until this transaction ends.

    Every posting service calls this first: on PostgreSQL a shared row lock (FOR SHARE),
    which posting services do not block each other on, but which `agreement_close` (FOR
    UPDATE) waits for, and which waits for a close under way. A posting therefore sees
    `closed_at` as it will stay, and the agreement row is always locked before account
    rows, so closing and posting never deadlock. SQLite writes one at a time anyway.
    """
    share = " FOR SHARE" if connection.vendor == "postgresql" else ""
    table = ProgrammeAgreement._meta.db_table
    return ProgrammeAgreement.objects.raw(
        f"SELECT * FROM {table} WHERE id = %s{share}",  # noqa: S608 - table name is ours
        [agreement.pk],
    )[0]


def check_year(agreement: ProgrammeAgreement, year: int) -> None:
    if year not in agreement.years:
        raise DomainError(
            _("%(year)s is outside the agreement period (%(first)s–%(last)s).")
            % {"year": year, "first": agreement.starts_on.year, "last": agreement.ends_on.year},
            field="year",
        )


def check_day(agreement: ProgrammeAgreement, day: datetime.date, field: str) -> None:
    """A booking or receipt date: within the agreement period and not after today (the
    ledger records what has happened; a receipt dated next year is a typo)."""
    if day > today():
        raise DomainError(
            _("The date cannot be in the future (today is %(today)s).")
            % {"today": today().strftime("%d.%m.%Y")},
            field=field,
        )
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
    audit_record_create(**_posting_audit(acting_user, txn, action, **values))


def posting_record(acting_user, txn: LedgerTransaction, action: str, **values):
    """The audit record `audit_posting` writes, unsaved: for `audit_records_create`."""
    return audit_record_build(**_posting_audit(acting_user, txn, action, **values))


def _posting_audit(acting_user, txn: LedgerTransaction, action: str, **values) -> dict:
    return {
        "actor": acting_user,
        "action": action,
        "target": txn,
        "new_values": {
            "kind": txn.kind,
            "booked_on": txn.booked_on.isoformat(),
            **{key: str(value) for key, value in values.items()},
        },
        "municipality_id": txn.agreement.municipality_id,
    }


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
