"""Writes on households, members and consents; each action is one audited transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.banktext import clean_payment_text
from samskap.core.errors import DomainError
from samskap.core.text import clean_text
from samskap.people import duplicates
from samskap.people.access import require_household_write
from samskap.people.models import (
    Consent,
    Enrolment,
    Household,
    HouseholdAccess,
    Language,
    LegalBasis,
    Member,
    MemberRole,
    SharingService,
)
from samskap.people.validation import (
    clean_bank_account,
    clean_birth_year,
    clean_national_id,
    clean_phone,
)
from samskap.subprojects.access import require_team_seat


@dataclass(frozen=True)
class MemberInput:
    name: str
    role: str
    birth_year: int
    national_id: str = ""
    preferred_language: str = Language.BOKMAL
    phone: str = ""
    email: str = ""


# What the pain.001 file and the Norwegian banks' guide allow for a payee's name.
ACCOUNT_HOLDER_LENGTH = Household._meta.get_field("account_holder").max_length
NAME_LENGTH = Member._meta.get_field("name").max_length
ALIAS_LENGTH = Household._meta.get_field("alias").max_length
SCOPE_LENGTH = Consent._meta.get_field("scope").max_length


def _clean_account_holder(value: str) -> str:
    return clean_payment_text(
        value,
        max_length=ACCOUNT_HOLDER_LENGTH,
        field="account_holder",
        required_message=_("Enter the account holder's name."),
    )


def _fallback_account_holder(name: str) -> str:
    """The first member holds the account when no one else is named: their name must fit.

    A shortened name is a guess at how the bank knows the person, so a name longer than
    the file allows is refused on the account holder field, where the user can type the
    name as the bank has it.
    """
    if len(name) > ACCOUNT_HOLDER_LENGTH:
        raise DomainError(
            _(
                "The first person's name has %(length)d characters; the bank takes at most "
                "%(max)d for the account holder. Type the account holder's name as the bank "
                "has it, at most %(max)d characters."
            )
            % {"length": len(name), "max": ACCOUNT_HOLDER_LENGTH},
            field="account_holder",
        )
    return name


def _member_from(household: Household, data: MemberInput) -> Member:
    # A member's name can become the account holder in a bank file (the fallback), so it
    # is held to the same rules as text typed for the bank.
    name = clean_payment_text(
        data.name,
        max_length=NAME_LENGTH,
        field="name",
        required_message=_("Enter a name or an alias."),
    )
    if data.role not in MemberRole.values:
        raise DomainError(_("Choose the person's role in the household."), field="role")
    if data.preferred_language not in Language.values:
        raise DomainError(_("Choose a language."), field="preferred_language")
    member = Member(
        household=household,
        name=name,
        role=data.role,
        birth_year=clean_birth_year(data.birth_year),
        national_id=clean_national_id(data.national_id),
        preferred_language=data.preferred_language,
        phone=clean_phone(data.phone),
        email=data.email.strip(),
    )
    member.full_clean(exclude=["household"])
    return member


def _member_audit(member: Member) -> dict:
    # The trail is append-only and outlives erasure, so it names no one: ids and flags only.
    return {
        "member": member.pk,
        "role": member.role,
        "has_national_id": bool(member.national_id),
    }


@transaction.atomic
def household_create(
    *,
    acting_user,
    subproject,
    alias: str,
    first_member: MemberInput,
    bank_account: str = "",
    account_holder: str = "",
    confirm_duplicate: bool = False,
) -> Household:
    """Register a household, its first member, and enrol it in the user's sub-project.

    A national id or account already on another household of the municipality raises
    DuplicateIdentity unless `confirm_duplicate` (see people.duplicates).
    """
    require_team_seat(user=acting_user, subproject=subproject)
    # The alias is the payee's name of last resort when a payment has no account holder.
    alias = clean_payment_text(
        alias,
        max_length=ALIAS_LENGTH,
        field="alias",
        required_message=_("Enter a name or an alias."),
    )
    household = Household(
        municipality_id=subproject.agreement.municipality_id,
        alias=alias,
        contact_person=acting_user,
        bank_account=clean_bank_account(bank_account),
    )
    member = _member_from(household, first_member)
    household.account_holder = (
        _clean_account_holder(account_holder)
        if (account_holder or "").strip()
        else _fallback_account_holder(member.name)
    )
    duplicate = duplicates.check(
        user=acting_user,
        municipality_id=household.municipality_id,
        confirmed=confirm_duplicate,
        national_id=member.national_id,
        bank_account=household.bank_account,
    )
    household.save()
    member.household = household
    member.save()
    Enrolment.objects.create(household=household, subproject=subproject, enrolled_by=acting_user)
    audit_record_create(
        actor=acting_user,
        action="household.create",
        target=household,
        new_values={
            "subproject": subproject.pk,
            "has_bank_account": bool(household.bank_account),
            "first_member": _member_audit(member),
            "duplicate_confirmed": duplicate,
        },
        municipality=subproject.agreement.municipality,
    )
    return household


@transaction.atomic
def member_add(
    *, acting_user, household: Household, data: MemberInput, confirm_duplicate: bool = False
) -> Member:
    require_household_write(user=acting_user, household=household)
    member = _member_from(household, data)
    duplicate = duplicates.check(
        user=acting_user,
        municipality_id=household.municipality_id,
        confirmed=confirm_duplicate,
        national_id=member.national_id,
        household=household,
    )
    member.save()
    audit_record_create(
        actor=acting_user,
        action="household_member.create",
        target=member,
        new_values={
            "household": household.pk,
            **_member_audit(member),
            "duplicate_confirmed": duplicate,
        },
        municipality=household.municipality,
    )
    return member


@transaction.atomic
def household_bank_account_set(
    *,
    acting_user,
    household: Household,
    bank_account: str,
    account_holder: str,
    confirm_duplicate: bool = False,
) -> Household:
    require_household_write(user=acting_user, household=household)
    account = clean_bank_account(bank_account)
    if not account:
        raise DomainError(_("Enter the account number for payouts."), field="bank_account")
    holder = _clean_account_holder(account_holder)
    duplicate = duplicates.check(
        user=acting_user,
        municipality_id=household.municipality_id,
        confirmed=confirm_duplicate,
        bank_account=account,
        household=household,
    )
    # The append-only trail names no one: whether the holder changed, not who it is.
    old = {"bank_account_last4": household.bank_account[-4:]}
    holder_changed = holder != household.account_holder
    household.bank_account = account
    household.account_holder = holder
    household.save(update_fields=["bank_account", "account_holder"])
    audit_record_create(
        actor=acting_user,
        action="household.bank_account",
        target=household,
        old_values=old,
        new_values={
            "bank_account_last4": account[-4:],
            "account_holder_changed": holder_changed,
            "duplicate_confirmed": duplicate,
        },
        municipality=household.municipality,
    )
    return household


@transaction.atomic
def consent_give(
    *, acting_user, household: Household, service: str, scope: str, legal_basis: str
) -> Consent:
    require_household_write(user=acting_user, household=household)
    if service not in SharingService.values:
        raise DomainError(
            _("Choose the service the information may be shared with."), field="service"
        )
    if legal_basis not in LegalBasis.values:
        raise DomainError(_("Choose the legal basis."), field="legal_basis")
    scope = clean_text(
        scope,
        max_length=SCOPE_LENGTH,
        field="scope",
        required_message=_("Describe what may be shared."),
    )
    consent = Consent.objects.create(
        household=household,
        service=service,
        scope=scope,
        legal_basis=legal_basis,
        given_at=timezone.now(),
        recorded_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="consent.give",
        target=consent,
        new_values={"household": household.pk, "service": service, "legal_basis": legal_basis},
        municipality=household.municipality,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user, consent: Consent) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    require_household_write(user=acting_user, household=consent.household)
    if consent.withdrawn_at is not None:
        raise DomainError(_("This consent is already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit_record_create(
        actor=acting_user,
        action="consent.withdraw",
        target=consent,
        new_values={"withdrawn_at": consent.withdrawn_at},
        municipality=consent.household.municipality,
    )
    return consent


def household_access_log(*, user, household: Household, purpose: str) -> None:
    """One cheap row per read of a household page; not audited (it is the audit itself)."""
    household_access_log_many(user=user, household_ids=[household.pk], purpose=purpose)


def household_access_log_many(*, user, household_ids, purpose: str) -> None:
    """Log a page that shows several households (an agenda, a task list) in one insert."""
    HouseholdAccess.objects.bulk_create(
        HouseholdAccess(household_id=household_id, user=user, purpose=purpose[:50])
        for household_id in sorted(set(household_ids))
    )
