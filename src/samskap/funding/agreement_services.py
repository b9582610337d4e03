"""Setting what each grant scheme puts into an agreement's pot, year by year.

Import this from `samskap.funding.services`, the app's public module."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.money import parse_amount
from samskap.funding.models import ProgrammeAgreement, SchemeYearAmount


def year_field(year: int) -> str:
    """The form field (and error field) of one year's amount."""
    return f"year_{year}"


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
    years = set(agreement.years)
    amounts = {}
    for year, value in yearly_amounts.items():
        if year not in years:
            raise DomainError(
                _("%(year)s is outside the agreement period.") % {"year": year}, field="year"
            )
        if value not in (None, ""):
            amounts[year] = parse_amount(value, field=year_field(year))
    if not amounts:
        raise DomainError(
            _("Write the amount for at least one year."),
            field=year_field(min(years)),
        )
    existing = {
        row.year: row for row in SchemeYearAmount.objects.filter(agreement=agreement, scheme=scheme)
    }
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
