"""Rows for the signal tests, written straight to the tables.

The signals only read decisions, requests, households, members, payments and the audit
trail; building each pattern through every service (letters confirmed on a phone, a
meeting, a second approver) would hide what a test is about. Dates are set on purpose: a
test's supports fall in the middle of the current year.
"""

import datetime
import itertools
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samskap.audit.services import audit_record_create
from samskap.payments.models import Payment
from samskap.people.models import Enrolment, Household, Member
from samskap.support.models import (
    Decision,
    Meeting,
    MotivationLetter,
    Outcome,
    RequestStatus,
    SecondVerdict,
    SupportLine,
    SupportRequest,
)

SUBPROJECT = "Stødig start"  # ages 16–23; lead "leder", contact "kontakt", member "nav.berg"
_serial = itertools.count(1)


def year() -> int:
    return timezone.localdate().year


def at(day: int, hour: int = 12) -> datetime.datetime:
    """Day `day` (0 = 1 June) of the current year, at noon."""
    start = datetime.datetime(year(), 6, 1, hour, tzinfo=datetime.UTC)
    return start + datetime.timedelta(days=day)


def household(demo, *, alias="Signal", birth_year=None, account="", subprojects=(SUBPROJECT,)):
    """A household of one young person (19 this year unless told), enrolled as told."""
    home = Household.objects.create(
        municipality=demo["municipality"],
        alias=f"{alias} {next(_serial)}",
        contact_person=demo["users"]["kontakt"],
        bank_account=account,
    )
    Member.objects.create(
        household=home,
        name="Testperson",
        role="young_person",
        birth_year=birth_year or year() - 19,
    )
    for name in subprojects:
        Enrolment.objects.create(
            household=home, subproject=demo["subprojects"][name], enrolled_by=home.contact_person
        )
    return home


def support(
    demo,
    home,
    *,
    amount="1000",
    day=0,
    proposer="kontakt",
    decider="leder",
    second=None,
    subproject=SUBPROJECT,
    needs_second=False,
) -> Decision:
    """A final decision granting `amount` to `home`, decided on day `day`."""
    users = demo["users"]
    sub = demo["subprojects"][subproject]
    # One current letter per case (a database rule): an earlier one is superseded.
    MotivationLetter.objects.filter(household=home, subproject=sub, superseded_at=None).update(
        superseded_at=at(day)
    )
    letter = MotivationLetter.objects.create(
        household=home,
        subproject=sub,
        language="nb",
        need="Behov",
        purpose="Formål",
        commitment="Forpliktelse",
        written_by=users[proposer],
        confirmed_at=at(day),
    )
    request = SupportRequest.objects.create(
        household=home,
        subproject=sub,
        letter=letter,
        proposed_by=users[proposer],
        status=RequestStatus.APPROVED,
    )
    SupportLine.objects.create(
        request=request,
        form="cash",
        description="Støtte",
        amount=Decimal(amount),
        approved_amount=Decimal(amount),
    )
    meeting = Meeting.objects.create(
        subproject=sub, confirmed_by=users[decider], idempotency_key=f"signal-{next(_serial)}"
    )
    return Decision.objects.create(
        request=request,
        meeting=meeting,
        outcome=Outcome.APPROVED,
        amount=Decimal(amount),
        rationale="Begrunnet",
        decided_by=users[decider],
        second_approver=users[second] if second else None,
        second_verdict=SecondVerdict.CONFIRMED if second else "",
        needs_second_approval=bool(second) or needs_second,
        decided_at=at(day),
    )


def payment(decision: Decision, *, when: datetime.datetime) -> Payment:
    request = decision.request
    serial = next(_serial)
    row = Payment.objects.create(
        municipality=request.household.municipality,
        subproject=request.subproject,
        support_line=request.lines.first(),
        idempotency_key=f"signal-pay-{serial}",
        settles=f"signal-{serial}",
        end_to_end_id=f"SIGNAL{serial}",
        creditor_name="Testperson",
        creditor_account=request.household.bank_account or "15038010007",
        amount=decision.amount,
        remittance="Støtte",
    )
    Payment.objects.filter(pk=row.pk).update(created_at=when)
    return row


def account_change(demo, home, *, old="15038010007") -> None:
    """The audit row a changed payout account leaves (people.services), dated now: the
    trail is append-only, so a test moves the payment instead."""
    with transaction.atomic():
        audit_record_create(
            actor=demo["users"]["kontakt"],
            action="household.bank_account",
            target=home,
            old_values={"bank_account_last4": old[-4:]},
            new_values={
                "bank_account_last4": home.bank_account[-4:],
                "account_holder_changed": False,
                "duplicate_confirmed": False,
            },
            municipality=home.municipality,
        )
