"""Writes on households, members and consents; each action is one audited transaction."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.audit.services import audit_record_create
from samskap.core import bulk
from samskap.core.banktext import clean_payment_text
from samskap.core.errors import DomainError, NotFoundOrForbidden, Problems, full_clean_or_refuse
from samskap.core.text import clean_text
from samskap.people import duplicates
from samskap.people.access import (
    access_handover_from,
    households_to_hand_over,
    require_contact_person_handover,
    require_household_write,
)
from samskap.people.handovers import contact_person_followed
from samskap.people.models import (
    Consent,
    ConsentMethod,
    Enrolment,
    Household,
    HouseholdAccess,
    Language,
    LegalBasis,
    LegalBasisRecord,
    Member,
    MemberRole,
    Purpose,
    SharingService,
)
from samskap.people.paying_accounts import refuse_paying_account
from samskap.people.selectors import CONTACT_SEAT_ROLES
from samskap.people.validation import (
    clean_bank_account,
    clean_birth_year,
    clean_national_id,
    clean_phone,
)
from samskap.subprojects.access import require_team_seat
from samskap.subprojects.models import TeamMembership


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


def _member_fields(problems: Problems, fields: dict) -> dict:
    """Each of a person's fields in `fields` checked (a field not there was refused by its
    form, and is left out), every refusal kept in `problems`: the e-mail, the national
    identity number and the phone number came one per try."""
    checks = {
        # A member's name can become the account holder in a bank file (the fallback),
        # so it is held to the same rules as text typed for the bank.
        "name": lambda value: clean_payment_text(
            value,
            max_length=NAME_LENGTH,
            field="name",
            required_message=_("Enter a name or an alias."),
        ),
        "birth_year": clean_birth_year,
        "national_id": clean_national_id,
        "phone": clean_phone,
        "email": lambda value: (value or "").strip(),
    }
    checked = {}
    if "role" in fields and fields["role"] not in MemberRole.values:
        problems.add(_("Choose the person's role in the household."), field="role")
    if "preferred_language" in fields and fields["preferred_language"] not in Language.values:
        problems.add(_("Choose a language."), field="preferred_language")
    for name, check in checks.items():
        if name in fields:
            checked[name] = problems.check(check, fields[name])
    return checked


def _member_from(household: Household, data: MemberInput) -> Member:
    problems = Problems()
    checked = _member_fields(problems, vars(data))
    problems.refuse()
    member = Member(
        household=household,
        role=data.role,
        preferred_language=data.preferred_language,
        **checked,
    )
    full_clean_or_refuse(member, exclude=["household"])
    return member


def household_check(
    *, acting_user, subproject=None, alias=None, bank_account=None, **member
) -> list[DomainError]:
    """What `household_create` would refuse the fields that passed their form with (the
    household's `alias` and account, the first person's fields in `member`), without
    writing: for the page when other fields were refused, so every problem shows in one
    answer."""
    problems = Problems()
    if subproject is not None:
        require_team_seat(user=acting_user, subproject=subproject)
    municipality_id = None if subproject is None else subproject.agreement.municipality_id
    _household_fields(problems, municipality_id=municipality_id, alias=alias, account=bank_account)
    _member_fields(problems, member)
    return problems.items


def _household_fields(problems: Problems, *, municipality_id, alias, account) -> tuple:
    """The household's alias and payout account read (None: not given, or refused),
    every refusal kept in `problems`; the account is compared with the paying accounts
    when the municipality is known."""
    if alias is not None:
        # The alias is the payee's name of last resort when a payment has no account holder.
        alias = problems.check(
            clean_payment_text,
            alias,
            max_length=ALIAS_LENGTH,
            field="alias",
            required_message=_("Enter a name or an alias."),
        )
    if account is not None:
        account = problems.check(clean_bank_account, account)
        if account and municipality_id is not None:
            problems.check(
                refuse_paying_account,
                municipality_id=municipality_id,
                account=account,
                field="bank_account",
            )
    return alias, account


def member_check(*, acting_user, household, **member) -> list[DomainError]:
    """What `member_add` would refuse the fields that passed their form with, unwritten."""
    require_household_write(user=acting_user, household=household)
    problems = Problems()
    _member_fields(problems, member)
    return problems.items


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
    problems = Problems()
    municipality_id = subproject.agreement.municipality_id
    # Every value is checked, a missing one (None) as empty, so all come in one answer.
    alias, account = _household_fields(
        problems, municipality_id=municipality_id, alias=alias or "", account=bank_account or ""
    )
    household = Household(
        municipality_id=municipality_id,
        alias=alias,
        contact_person=acting_user,
        bank_account=account or "",
    )
    member = problems.check(_member_from, household, first_member)
    problems.refuse()
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


def _bank_account_problems(household, *, bank_account=None, account_holder=None):
    """Every check of a payout account that its own fields decide, each field's given
    (None: the form refused it, so its check is left out), collected so all come in one
    answer; with the cleaned account and holder (None when refused or not given)."""
    problems = Problems()
    account = holder = None
    if bank_account is not None:
        account = problems.check(clean_bank_account, bank_account)
        if account == "":
            problems.add(_("Enter the account number for payouts."), field="bank_account")
        elif account:
            problems.check(
                refuse_paying_account,
                municipality_id=household.municipality_id,
                account=account,
                field="bank_account",
            )
    if account_holder is not None:
        holder = problems.check(_clean_account_holder, account_holder)
    return problems, account, holder


def household_bank_account_check(*, acting_user, household, **fields) -> list[DomainError]:
    """What `household_bank_account_set` would refuse the fields that passed their form
    with (`fields`: bank_account, account_holder), without writing: for the page when
    other fields were refused, so every problem shows in one answer."""
    require_household_write(user=acting_user, household=household)
    return _bank_account_problems(household, **fields)[0].items


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
    # Both values are checked, a missing one (None) as empty, so both come in one answer.
    problems, account, holder = _bank_account_problems(
        household, bank_account=bank_account or "", account_holder=account_holder or ""
    )
    problems.refuse()
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


# A consent lasts at most this long before it must be renewed with the family; it may be
# recorded up to a year after it was given (written down after a home visit, say).
CONSENT_MAX_YEARS = 3
CONSENT_RECORDED_DAYS_LATE = 365
# Younger than this (by birth year), a person's consent is given by a parent or guardian.
OWN_CONSENT_AGE = 15
LEGAL_REFERENCE_LENGTH = LegalBasisRecord._meta.get_field("legal_reference").max_length


def _choices(values, choices, *, field: str, message: str) -> list[str]:
    """A non-empty list of known codes, in the order of the choices, each once."""
    values = list(values or [])
    if not values or any(value not in choices.values for value in values):
        raise DomainError(message, field=field)
    return [value for value in choices.values if value in values]


def _date(value, *, field: str, message: str) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise DomainError(message, field=field)
    return value


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _consent_giver(household: Household, member) -> Member:
    if member is None or member.household_id != household.pk:
        raise DomainError(
            _("Choose the person in the household who gave the consent."), field="given_by"
        )
    age = timezone.localdate().year - member.birth_year
    if member.role == MemberRole.CHILD or age < OWN_CONSENT_AGE:
        raise DomainError(
            _(
                "A child under %(age)d cannot consent alone: choose the parent or guardian "
                "who gave the consent."
            )
            % {"age": OWN_CONSENT_AGE},
            field="given_by",
        )
    return member


def _scope_choices() -> list[tuple]:
    """(field, choices, message when none or an unknown one is chosen) of what may be
    shared: with which services, for what."""
    return [
        (
            "services",
            SharingService,
            _("Choose the services the information may be shared with."),
        ),
        ("purposes", Purpose, _("Choose what the information may be used for.")),
    ]


def _sharing_scope(services, purposes) -> tuple[list[str], list[str]]:
    """Which services the information may be shared with, and for what: both required,
    for a consent and for a legal basis alike."""
    given = {"services": services, "purposes": purposes}
    services, purposes = (
        _choices(given[name], choices, field=name, message=message)
        for name, choices, message in _scope_choices()
    )
    return services, purposes


def consent_check(*, acting_user, household: Household, **fields) -> list[DomainError]:
    """What `consent_give` would refuse the fields that passed their form with (`fields`:
    any of given_by, method, given_on, services, purposes, valid_until, scope), without
    writing: for the page when other fields were refused, so every problem shows in one
    answer."""
    require_household_write(user=acting_user, household=household)
    problems = Problems()
    _consent_fields(problems, household, fields)
    return problems.items


def _consent_fields(problems: Problems, household: Household, fields: dict) -> dict:
    """The consent's fields read, every refusal kept in `problems`; a field not in
    `fields` is not checked, one given as None is refused as missing. The end date is
    held against the start date only when both were read."""
    read = {}
    today = timezone.localdate()
    if "given_by" in fields:
        read["given_by"] = problems.check(_consent_giver, household, fields["given_by"])
    if "method" in fields:
        read["method"] = problems.check(_consent_method, fields["method"])
    given_on = None
    if "given_on" in fields:
        given_on = read["given_on"] = problems.check(_consent_given_on, fields["given_on"], today)
    for name, choices, message in _scope_choices():
        if name in fields:
            read[name] = problems.check(
                _choices, fields[name], choices, field=name, message=message
            )
    if "valid_until" in fields:
        read["valid_until"] = problems.check(
            _consent_valid_until, fields["valid_until"], today=today, given_on=given_on
        )
    if "scope" in fields:
        read["scope"] = problems.check(
            clean_text, fields["scope"] or "", max_length=SCOPE_LENGTH, field="scope"
        )
    return read


def _consent_method(method) -> str:
    if method not in ConsentMethod.values or method == ConsentMethod.NOT_RECORDED:
        raise DomainError(
            _("Choose how the consent was given: in writing, orally or digitally."),
            field="method",
        )
    return method


def _consent_given_on(given_on, today: datetime.date) -> datetime.date:
    given_on = _date(given_on, field="given_on", message=_("Enter the date the consent was given."))
    if given_on > today:
        raise DomainError(_("The consent cannot be given in the future."), field="given_on")
    if given_on < today - datetime.timedelta(days=CONSENT_RECORDED_DAYS_LATE):
        raise DomainError(
            _(
                "A consent given more than a year ago must be given again; record the date "
                "it is renewed."
            ),
            field="given_on",
        )
    return given_on


def _consent_valid_until(valid_until, *, today: datetime.date, given_on) -> datetime.date:
    valid_until = _date(
        valid_until, field="valid_until", message=_("Enter the date the consent ends.")
    )
    if given_on is not None and valid_until <= given_on:
        # Also before today, but "beyond today" hid the slip: the two dates swapped.
        raise DomainError(
            _("The consent must end after the day it was given (%(date)s).")
            % {"date": date_format(given_on, "SHORT_DATE_FORMAT")},
            field="valid_until",
        )
    if valid_until <= today:
        raise DomainError(_("The consent must last beyond today."), field="valid_until")
    if given_on is not None:
        latest = years_after(given_on, CONSENT_MAX_YEARS)
        if valid_until > latest:
            raise DomainError(
                _("A consent lasts at most %(years)d years: choose a date no later than %(date)s.")
                % {"years": CONSENT_MAX_YEARS, "date": date_format(latest, "SHORT_DATE_FORMAT")},
                field="valid_until",
            )
    return valid_until


@transaction.atomic
def consent_give(
    *,
    acting_user,
    household: Household,
    given_by: Member,
    method: str,
    given_on: datetime.date,
    services: list[str],
    purposes: list[str],
    valid_until: datetime.date,
    scope: str = "",
) -> Consent:
    """Record a consent (GDPR art. 6(1)(a) and 7): who gave it, how, when, to share with
    which services for which purposes, and until when. Expired consent counts as none.
    Every refused field comes in one DomainError (its `problems`)."""
    require_household_write(user=acting_user, household=household)
    problems = Problems()
    read = _consent_fields(
        problems,
        household,
        {
            "given_by": given_by,
            "method": method,
            "given_on": given_on,
            "services": services,
            "purposes": purposes,
            "valid_until": valid_until,
            "scope": scope,
        },
    )
    problems.refuse()
    given_by, method, given_on = read["given_by"], read["method"], read["given_on"]
    services, purposes = read["services"], read["purposes"]
    valid_until, scope = read["valid_until"], read["scope"]
    consent = Consent.objects.create(
        household=household,
        given_by=given_by,
        method=method,
        given_on=given_on,
        services=services,
        purposes=purposes,
        scope=scope,
        valid_until=valid_until,
        recorded_at=timezone.now(),
        recorded_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="consent.give",
        target=consent,
        new_values={
            "household": household.pk,
            "given_by": given_by.pk,
            "given_by_role": given_by.role,
            "method": method,
            "given_on": given_on.isoformat(),
            "valid_until": valid_until.isoformat(),
            "services": services,
            "purposes": purposes,
        },
        municipality=household.municipality,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user, consent: Consent) -> Consent:
    """The household withdraws a consent: from now on it counts as none (art. 7(3))."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    require_household_write(user=acting_user, household=consent.household)
    if consent.withdrawn_at is not None:
        raise DomainError(_("This consent is already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_recorded_by = acting_user
    consent.save(update_fields=["withdrawn_at", "withdrawn_recorded_by"])
    audit_record_create(
        actor=acting_user,
        action="consent.withdraw",
        target=consent,
        new_values={"withdrawn_at": consent.withdrawn_at, "was_expired": consent.is_expired},
        municipality=consent.household.municipality,
    )
    return consent


@transaction.atomic
def legal_basis_record(
    *,
    acting_user,
    household: Household,
    basis: str,
    legal_reference: str,
    services: list[str],
    purposes: list[str],
) -> LegalBasisRecord:
    """Processing on a legal obligation (6(1)(c)) or a public task (6(1)(e)): the law is
    named; this is not a consent, and the family cannot withdraw it."""
    require_household_write(user=acting_user, household=household)
    if basis not in LegalBasis.values:
        raise DomainError(
            _("Choose the legal basis: a legal obligation or a public task."), field="basis"
        )
    legal_reference = clean_text(
        legal_reference,
        max_length=LEGAL_REFERENCE_LENGTH,
        field="legal_reference",
        required_message=_("Name the law and section, e.g. «sosialtjenesteloven § 17»."),
    )
    services, purposes = _sharing_scope(services, purposes)
    record = LegalBasisRecord.objects.create(
        household=household,
        basis=basis,
        legal_reference=legal_reference,
        services=services,
        purposes=purposes,
        recorded_at=timezone.now(),
        recorded_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="legal_basis.record",
        target=record,
        # The law's name is free text: only the code of the basis goes into the trail.
        new_values={
            "household": household.pk,
            "basis": basis,
            "services": services,
            "purposes": purposes,
        },
        municipality=household.municipality,
    )
    return record


@transaction.atomic
def legal_basis_end(*, acting_user, record: LegalBasisRecord) -> LegalBasisRecord:
    record = LegalBasisRecord.objects.select_for_update().get(pk=record.pk)
    require_household_write(user=acting_user, household=record.household)
    if record.ended_at is not None:
        raise DomainError(_("This legal basis is already ended."))
    record.ended_at = timezone.now()
    record.ended_by = acting_user
    record.save(update_fields=["ended_at", "ended_by"])
    audit_record_create(
        actor=acting_user,
        action="legal_basis.end",
        target=record,
        new_values={"ended_at": record.ended_at},
        municipality=record.household.municipality,
    )
    return record


def household_access_log(*, user, household: Household, purpose: str) -> None:
    """One cheap row per read of a household page; not audited (it is the audit itself).

    One INSERT, checked like every save (blank_text): a bulk insert of one row took three
    statements (BEGIN, INSERT, COMMIT) on every household page, and `create()` building
    the model and its INSERT cost more Python than the rest of a small panel (issue 14)."""
    household_access_log_many(user=user, household_ids=[household.pk], purpose=purpose)


def household_access_log_many(*, user, household_ids, purpose: str) -> None:
    """Log a page that shows several households (an agenda, a task list): a row for each,
    in one INSERT (`core.bulk.insert_each`: no model per row, no BEGIN and COMMIT around
    it; the purpose is checked as every save checks it)."""
    bulk.insert_each(
        HouseholdAccess,
        "household",
        sorted(set(household_ids)),
        user=user,
        purpose=purpose[:50],
        at=timezone.now(),
    )


# --- a new contact person ---------------------------------------------------------------------


def _refuse_contact_person(household: Household, contact_person) -> None:
    """The new contact person must be an active colleague of the household's municipality
    with a contact person's or a lead's seat on a team the household is enrolled in: the
    seat is what lets them see it."""
    if contact_person is None:
        raise DomainError(_("Choose the new contact person."), field="contact_person")
    if contact_person.municipality_id != household.municipality_id:
        raise DomainError(
            _("%(user)s does not work in the household's municipality.") % {"user": contact_person},
            field="contact_person",
        )
    if not contact_person.is_active:
        raise DomainError(
            _("%(user)s is deactivated and cannot follow up the household.")
            % {"user": contact_person},
            field="contact_person",
        )
    if contact_person.pk == household.contact_person_id:
        raise DomainError(
            _("%(user)s is already the household's contact person.") % {"user": contact_person},
            field="contact_person",
        )
    enrolled = list(household.enrolments.values_list("subproject_id", flat=True))
    if not TeamMembership.objects.filter(
        user=contact_person, subproject_id__in=enrolled, team_role__in=CONTACT_SEAT_ROLES
    ).exists():
        names = ", ".join(
            household.enrolments.order_by("subproject__name").values_list(
                "subproject__name", flat=True
            )
        )
        raise DomainError(
            _(
                "%(user)s has no seat as contact person or lead on the team of the "
                "household's sub-project (%(subprojects)s). The economy gives seats on the "
                "team page."
            )
            % {"user": contact_person, "subprojects": names},
            field="contact_person",
        )


@transaction.atomic
def household_contact_person_set(
    *, acting_user, household: Household, contact_person, expected_contact_person=None
) -> Household:
    """Hand the household to another contact person: by the lead of a team it is enrolled
    in, or the municipality's economist or administrator (None: the system).

    With `expected_contact_person` (whom the page showed), a household that got another
    contact person in the meantime is refused rather than handed on twice. Work that
    waits for the old contact person (support's tasks) follows through
    `people.handovers`.
    """
    try:
        household = Household.objects.select_for_update().get(pk=household.pk)
    except Household.DoesNotExist as error:
        raise NotFoundOrForbidden("household") from error
    require_contact_person_handover(user=acting_user, household=household)
    if contact_person is not None:
        # As they are now, and held so: a deactivation waits until the hand-over is done.
        contact_person = User.objects.select_for_update().get(pk=contact_person.pk)
    if (
        expected_contact_person is not None
        and household.contact_person_id != expected_contact_person.pk
    ):
        raise DomainError(
            _(
                "The household got another contact person in the meantime (%(user)s). "
                "Open the page again to see who follows it up now."
            )
            % {"user": household.contact_person},
            field="contact_person",
        )
    _refuse_contact_person(household, contact_person)
    old = household.contact_person
    household.contact_person = contact_person
    household.save(update_fields=["contact_person"])
    moved = contact_person_followed(
        household=household,
        old_contact_person=old,
        new_contact_person=contact_person,
        acting_user=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="household.contact_person",
        target=household,
        old_values={"contact_person": old.pk},
        new_values={"contact_person": contact_person.pk, "tasks_moved": moved},
        municipality=household.municipality,
    )
    return household


@dataclass
class HandOver:
    """What a hand-over of many households did: the households handed on, and those set
    aside with the reason (each refused alone; the others went on)."""

    moved: list[Household]
    set_aside: list[tuple[Household, str]]


@transaction.atomic
def households_hand_over(*, acting_user, from_user, to_user, households=None) -> HandOver:
    """Hand `from_user`'s households (all that `acting_user` may hand over, or the chosen
    `households` among them) to `to_user`, in one action. A household the new contact
    person may not take is set aside with the reason; the others go on. A chosen
    household outside what `acting_user` may hand over is NotFoundOrForbidden, and
    nothing is handed on."""
    if acting_user is not None:
        from_user = access_handover_from(user=acting_user, user_id=from_user.pk)
    reachable = households_to_hand_over(user=acting_user, from_user=from_user)
    if households is None:
        chosen = list(reachable.order_by("pk"))
    else:
        wanted = sorted({household.pk for household in households})
        chosen = list(reachable.filter(pk__in=wanted).order_by("pk"))
        if len(chosen) != len(wanted):
            raise NotFoundOrForbidden("household")
    if not chosen:
        raise DomainError(
            _("%(user)s is not the contact person of any household you may hand over.")
            % {"user": from_user},
            field="households",
        )
    result = HandOver(moved=[], set_aside=[])
    for household in chosen:
        try:
            with transaction.atomic():
                result.moved.append(
                    household_contact_person_set(
                        acting_user=acting_user,
                        household=household,
                        contact_person=to_user,
                        expected_contact_person=from_user,
                    )
                )
        except NotFoundOrForbidden:
            raise
        except DomainError as error:
            result.set_aside.append((household, error.message))
    return result
