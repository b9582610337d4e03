"""The programme's own bank account per municipality: registered by its economist.

Import these from `samskap.payments.services`, the app's public module.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum.exceptions import ValidationError
from stdnum.no import kontonr, orgnr

from samskap.audit.services import audit_record_create
from samskap.core.banktext import check_bank_text, to_bank_charset
from samskap.core.errors import DomainError, Problems
from samskap.payments.access import require_payment_manager
from samskap.payments.models import DebtorAccount
from samskap.payments.pain001 import NAME_LENGTH, Debtor
from samskap.payments.payees import is_payee_account


def _clean_name(name: str) -> str:
    name = check_bank_text((name or "").strip(), max_length=NAME_LENGTH, field="name")
    if not to_bank_charset(name, NAME_LENGTH):
        raise DomainError(_("Type the name the bank knows the account by."), field="name")
    return name


def _clean(validator, value: str, message: str, field: str) -> str:
    try:
        return validator.validate(value or "")
    except ValidationError as error:
        raise DomainError(message, field=field) from error


def _debtor_problems(
    municipality, *, name=None, organisation_number=None, account=None, bic=None
) -> tuple[Problems, dict]:
    """Every check of the paying account that its own fields decide, each field's given
    (None: the form refused it, so its check is left out), collected so all come in one
    answer; with the cleaned values of those that passed."""
    problems = Problems()
    values = {}
    if name is not None:
        values["name"] = problems.check(_clean_name, name)
    if organisation_number is not None:
        values["organisation_number"] = problems.check(
            _clean,
            orgnr,
            organisation_number,
            _("The organisation number is not valid (9 digits, check digit)."),
            "organisation_number",
        )
    if account is not None:
        values["account"] = problems.check(
            _clean,
            kontonr,
            account,
            _("The account number is not a valid Norwegian account number (11 digits)."),
            "account",
        )
    if bic is not None:
        values["bic"] = problems.check(
            _clean,
            stdnum_bic,
            bic.upper(),
            _("The BIC is not valid (8 or 11 characters)."),
            "bic",
        )
    return problems, values


def debtor_account_check(*, acting_user, municipality, **fields) -> list[DomainError]:
    """What `debtor_account_set` would refuse the fields that passed their form with
    (`fields`: name, organisation_number, account, bic), without writing: for the page
    when other fields were refused, so every problem shows in one answer."""
    require_payment_manager(user=acting_user, municipality=municipality)
    return _debtor_problems(municipality, **fields)[0].items


@transaction.atomic
def debtor_account_set(
    *, acting_user, municipality, name: str, organisation_number: str, account: str, bic: str
) -> DebtorAccount:
    """Register or change the account `municipality`'s payment files debit.

    Only the municipality's economist or administrator (None: the system, the demo).
    """
    require_payment_manager(user=acting_user, municipality=municipality)
    # Every value is checked, a missing one (None) as empty, so all come in one answer.
    problems, values = _debtor_problems(
        municipality,
        name=name or "",
        organisation_number=organisation_number or "",
        account=account or "",
        bic=bic or "",
    )
    problems.refuse()
    if is_payee_account(municipality_id=municipality.pk, account=values["account"]):
        # The mirror of people's refusal of a payee account that is this one: a payment
        # from an account to itself is set aside at export, so neither is ever stored.
        raise DomainError(
            _(
                "This account is already registered as a payee: a household's or a "
                "supplier's. The programme pays from the municipality's own account."
            ),
            field="account",
        )
    if (
        DebtorAccount.objects.filter(account=values["account"])
        .exclude(municipality=municipality)
        .exists()
    ):
        # An account belongs to one legal entity: two municipalities' payment files
        # debiting one account would be one paying for the other (and their bank
        # answers could not be told apart). The database refuses it too.
        raise DomainError(
            _(
                "This account is already another municipality's paying account. An account "
                "belongs to one legal entity: register this municipality's own account."
            ),
            field="account",
        )
    if (
        DebtorAccount.objects.filter(organisation_number=values["organisation_number"])
        .exclude(municipality=municipality)
        .exists()
    ):
        # An organisation number names one legal entity, and each municipality is its
        # own (Enhetsregisteret): the number printed as the payer in another
        # municipality's files is never this one's. The database refuses it too.
        raise DomainError(
            _(
                "This organisation number is already another municipality's. Register "
                "this municipality's own organisation number."
            ),
            field="organisation_number",
        )
    existing = DebtorAccount.objects.select_for_update().filter(municipality=municipality).first()
    if existing is None:
        debtor = DebtorAccount.objects.create(municipality=municipality, **values)
        old = None
    else:
        debtor = existing
        old = {"account_last4": existing.account[-4:], "bic": existing.bic}
        for key, value in values.items():
            setattr(debtor, key, value)
        debtor.save()
    audit_record_create(
        actor=acting_user,
        action="debtor_account.set",
        target=debtor,
        old_values=old,
        new_values={
            "account_last4": debtor.account[-4:],
            "bic": debtor.bic,
            "organisation_number": debtor.organisation_number,
        },
        municipality=municipality,
    )
    return debtor


def paying_account(*, municipality_id: int) -> str:
    """The account `municipality_id`'s payment files pay from: its registered
    `DebtorAccount`, or the SAMSKAP_DEBTOR setting's account (the default the demo
    registers) while none is registered. A payee account must never be this one."""
    account = (
        DebtorAccount.objects.filter(municipality_id=municipality_id)
        .values_list("account", flat=True)
        .first()
    )
    return account or settings.SAMSKAP_DEBTOR["account"]


def paying_account_owner(*, municipality_id: int, account: str) -> str:
    """Whose programme pays from `account`: "own" when `municipality_id`'s files pay
    from it (`paying_account`), "other" when it is another municipality's registered
    `DebtorAccount`, else "" (`people.paying_accounts.OWN` / `OTHER`)."""
    if account == paying_account(municipality_id=municipality_id):
        return "own"
    if DebtorAccount.objects.filter(account=account).exists():
        return "other"
    return ""


def debtor_for(municipality) -> Debtor | None:
    """The debtor of `municipality`'s files, or None when none is registered."""
    account = DebtorAccount.objects.filter(municipality=municipality).first()
    if account is None:
        return None
    return Debtor(
        name=account.name,
        organisation_number=account.organisation_number,
        account=account.account,
        bic=account.bic,
    )
