"""Setting what each grant scheme puts into an agreement's pot, year by year.

Import this from `samskap.funding.services`, the app's public module."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError, Problems, full_clean_or_refuse
from samskap.core.money import format_nok, parse_amount
from samskap.funding.models import (
    Account,
    LedgerTransaction,
    ProgrammeAgreement,
    SchemeYearAmount,
)
from samskap.funding.selectors import scheme_years_used


def year_field(year: int) -> str:
    """The form field (and error field) of one year's amount."""
    return f"year_{year}"


def _amount_problems(agreement, yearly_amounts: dict) -> tuple[Problems, dict]:
    """Every year's amount checked (a blank year: nothing that year), with the amounts
    read, so a bad amount in one year does not hide another's."""
    problems = Problems()
    years = set(agreement.years)
    amounts = {}
    for year, value in yearly_amounts.items():
        if year not in years:
            problems.add(
                _("%(year)s is outside the agreement period.") % {"year": year}, field="year"
            )
        elif value not in (None, ""):
            amount = problems.check(parse_amount, value, field=year_field(year))
            if amount is not None:
                amounts[year] = amount
    return problems, amounts


def agreement_scheme_check(*, acting_user, agreement, yearly_amounts: dict) -> list[DomainError]:
    """What `agreement_scheme_set` would refuse the yearly amounts with, without writing
    or locking: for the page when the form refused the scheme, so every problem shows in
    one answer."""
    require_system_or_manager(
        user=acting_user, municipality_id=agreement.municipality_id, what="agreement"
    )
    return _amount_problems(agreement, yearly_amounts)[0].items


@transaction.atomic
def agreement_scheme_set(*, acting_user, agreement, scheme, yearly_amounts: dict) -> list:
    """Set `scheme`'s amount in each year of `agreement` (a blank year: nothing that year).

    Only the municipality's economist or administrator (None: the system); not after the
    period is closed. Returns the scheme's yearly rows as they now stand.
    """
    require_system_or_manager(
        user=acting_user, municipality_id=agreement.municipality_id, what="agreement"
    )
    # Lock the agreement so two people setting the same scheme do not both insert.
    agreement = ProgrammeAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.closed_at is not None:
        raise DomainError(_("The agreement is closed: its amounts can no longer change."))
    # The scheme and every year are checked, so all their problems come in one answer.
    problems, amounts = _amount_problems(agreement, yearly_amounts)
    if scheme is None:
        problems.add(_("Choose the grant scheme."), field="scheme")
    if not amounts and not problems.items:
        problems.add(
            _("Write the amount for at least one year."),
            field=year_field(min(agreement.years)),
        )
    problems.refuse()
    existing = {
        row.year: row for row in SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme)
    }
    _refuse_below_used(
        agreement, scheme, amounts, current={year: row.amount for year, row in existing.items()}
    )
    old = [[year, str(row.amount)] for year, row in sorted(existing.items())]
    for year, row in existing.items():
        if year not in amounts:
            row.delete()
    for year, amount in amounts.items():
        if year in existing:
            existing[year].amount = amount
            existing[year].save(update_fields=["amount"])
        else:
            SchemeYearAmount.objects.create(
                agreement=agreement, scheme=scheme, year=year, amount=amount
            )
    audit_record_create(
        actor=acting_user,
        action="agreement.scheme_set",
        target=agreement,
        # [year, amount] rows: the trail's keys are fixed names only.
        old_values={"scheme": scheme.pk, "yearly_amounts": old} if existing else None,
        new_values={
            "scheme": scheme.pk,
            "yearly_amounts": [[year, str(amount)] for year, amount in sorted(amounts.items())],
        },
        municipality=agreement.municipality,
    )
    return list(
        SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme).order_by("year")
    )


def _refuse_below_used(agreement, scheme, amounts: dict, *, current: dict) -> None:
    """A year's amount may not go below what is already received from the scheme that
    year, nor below what the sub-projects hold from it for that year.

    A year that already holds more than its amount (older data, or money booked before
    the amount was lowered) may keep its amount or rise: only going further down is
    refused, so the scheme can still be saved.
    """
    for year, (received, allocated) in sorted(
        scheme_years_used(agreement=agreement, scheme=scheme).items()
    ):
        floor = max(received, allocated)
        new, old = amounts.get(year, 0), current.get(year, 0)
        if new >= floor or new >= old:
            continue
        values = {
            "year": year,
            "floor": format_nok(floor),
            "received": format_nok(received),
            "allocated": format_nok(allocated),
            "scheme": scheme,
            "current": format_nok(old),
        }
        if old < floor:
            message = _(
                "The amount for %(year)s is already %(current)s, below the %(floor)s it "
                "holds: %(received)s is received from %(scheme)s that year, and "
                "%(allocated)s of it is allocated to sub-projects for that year. Keep "
                "%(current)s or raise it; it cannot go further down."
            )
        else:
            message = _(
                "The amount for %(year)s cannot be below %(floor)s: %(received)s is "
                "already received from %(scheme)s that year, and %(allocated)s of it "
                "is allocated to sub-projects for that year."
            )
        raise DomainError(message % values, field=year_field(year))


@transaction.atomic
def agreement_update(
    *,
    acting_user,
    agreement,
    name: str,
    reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> ProgrammeAgreement:
    """Change an agreement's name, reference and period; only the municipality's
    economist or administrator (None: the system), not after it is closed. A period
    that would leave out a year with yearly amounts, postings or budgets is refused."""
    require_system_or_manager(
        user=acting_user, municipality_id=agreement.municipality_id, what="agreement"
    )
    agreement = ProgrammeAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.closed_at is not None:
        raise DomainError(_("The agreement is closed: it can no longer change."))
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError(_("Enter the agreement's first and last day."), field="starts_on")
    if starts_on >= ends_on:
        raise DomainError(_("The agreement must end after it starts."), field="ends_on")
    if ends_on.year - starts_on.year > 10:
        raise DomainError(_("An agreement runs for at most ten years."), field="ends_on")
    name, reference = (name or "").strip(), (reference or "").strip()
    if (
        ProgrammeAgreement.objects.filter(
            municipality_id=agreement.municipality_id, reference=reference
        )
        .exclude(pk=agreement.pk)
        .exists()
    ):
        raise DomainError(
            _("The municipality already has an agreement with this reference."), field="reference"
        )
    years = set(range(starts_on.year, ends_on.year + 1))
    used = set(
        SchemeYearAmount.objects.filter(agreement=agreement).values_list("year", flat=True)
    ) | set(
        Account.objects.filter(agreement=agreement, year__isnull=False).values_list(
            "year", flat=True
        )
    )
    outside = sorted(used - years)
    if outside:
        raise DomainError(
            _(
                "The agreement has yearly amounts or budgets in %(years)s: the new period "
                "must include those years."
            )
            % {"years": ", ".join(str(year) for year in outside)},
            field="starts_on" if outside[0] < starts_on.year else "ends_on",
        )
    booked = LedgerTransaction.objects.filter(agreement=agreement).exclude(
        booked_on__range=(starts_on, ends_on)
    )
    if booked.exists():
        raise DomainError(
            _(
                "%(count)s postings are booked outside the new period: it must include "
                "every day something is booked."
            )
            % {"count": booked.count()},
            field="starts_on",
        )
    old = {
        "reference": agreement.reference,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
    }
    name_changed = name != agreement.name
    agreement.name, agreement.reference = name, reference
    agreement.starts_on, agreement.ends_on = starts_on, ends_on
    full_clean_or_refuse(agreement)
    agreement.save(update_fields=["name", "reference", "starts_on", "ends_on"])
    audit_record_create(
        actor=acting_user,
        action="agreement.update",
        target=agreement,
        old_values=old,
        new_values={
            "reference": reference,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "name_changed": name_changed,
        },
        municipality=agreement.municipality,
    )
    return agreement
