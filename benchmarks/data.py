"""Data for the benchmarks, made through the services wherever the measure depends on it.

`pending_payments` builds payments waiting for export the way the support flow leaves
them: a commitment per payment (funding's `money_commit`) and an instruction per line
(`payment_instruct`). Only the support requests and lines themselves are written in
bulk: the export never reads more of them than the foreign key.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import GrantScheme
from samskap.payments import services as payment_services
from samskap.people import services as people_services
from samskap.subprojects.models import TeamMembership
from samskap.support.models import RequestStatus, SupportForm, SupportLine, SupportRequest

ACCOUNT = "86011117947"
AMOUNTS = [Decimal("1200.50"), Decimal("3000.00"), Decimal("750.00"), Decimal("4999.99")]


def fund(demo, subproject, amount: Decimal) -> None:
    """Receive and allocate what the sub-project still needs this year."""
    missing = amount - funding_selectors.subproject_budget(subproject=subproject).remaining
    if missing <= 0:
        return
    economist = demo["users"]["okonom"]
    agreement = subproject.agreement
    scheme = GrantScheme.objects.filter(pk__in=agreement.scheme_amounts.values("scheme")).first()
    today = timezone.localdate()
    funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=agreement,
        scheme=scheme,
        received_on=today,
        amount=missing,
        reference=f"BENCH-{subproject.pk}-{missing}",
    )
    funding_services.allocation_create(
        acting_user=economist,
        subproject=subproject,
        year=funding_selectors.budget_year(agreement=agreement),
        amount=missing,
        reason="Benchmark allocation",
    )


def clear_pending(demo) -> None:
    """Export whatever the demo left waiting, so a measure sees only its own payments."""
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def team_member(subproject):
    """Someone with a seat on the sub-project's team (households are the team's work)."""
    return TeamMembership.objects.filter(subproject=subproject).order_by("pk").first().user


def _request(demo, subproject, alias: str) -> SupportRequest:
    member = team_member(subproject)
    household = people_services.household_create(
        acting_user=member,
        subproject=subproject,
        alias=alias,
        bank_account=ACCOUNT,
        confirm_duplicate=True,
        first_member=people_services.MemberInput(
            name="Ali Testesen", role="young_person", birth_year=2006, preferred_language="nb"
        ),
    )
    return SupportRequest.objects.create(
        household=household,
        subproject=subproject,
        letter=_letter(member, household, subproject),
        proposed_by=member,
        status=RequestStatus.APPROVED,
    )


def _letter(member, household, subproject):
    from samskap.support import services as support_services
    from samskap.support.links import letter_token

    letter = support_services.letter_write(
        acting_user=member,
        household=household,
        subproject=subproject,
        language="nb",
        need="Førerkort",
        purpose="Kjøretimer",
        commitment="Møte opp til timene",
    )
    return support_services.letter_confirm(token=letter_token(letter))


def pending_payments(demo, count: int, *, subprojects=None, progress=None) -> list[int]:
    """`count` payments waiting for export, spread over the sub-projects; their ids."""
    clear_pending(demo)
    subprojects = subprojects or sorted(demo["subprojects"].values(), key=lambda s: s.pk)
    per = {subproject.pk: [] for subproject in subprojects}
    for index in range(count):
        per[subprojects[index % len(subprojects)].pk].append(AMOUNTS[index % len(AMOUNTS)])
    economist = demo["users"]["okonom"]
    ids = []
    done = 0
    for subproject in subprojects:
        amounts = per[subproject.pk]
        if not amounts:
            continue
        fund(demo, subproject, sum(amounts, Decimal("0")))
        request = _request(demo, subproject, f"Benk {subproject.pk}")
        lines = SupportLine.objects.bulk_create(
            SupportLine(
                request=request,
                form=SupportForm.CASH,
                description="Kjøretimer",
                amount=amount,
                approved_amount=amount,
            )
            for amount in amounts
        )
        for line in lines:
            key = f"bench-commit:{line.pk}"
            with transaction.atomic():
                funding_services.money_commit(
                    acting_user=economist,
                    subproject=subproject,
                    amount=line.amount,
                    idempotency_key=key,
                    reason="Benchmark decision",
                )
                payment = payment_services.payment_instruct(
                    acting_user=economist,
                    support_line=line,
                    subproject=subproject,
                    creditor_name="Ali Testesen",
                    creditor_account=ACCOUNT,
                    amount=line.amount,
                    remittance="Kjøretimer",
                    settles=key,
                )
            ids.append(payment.pk)
            done += 1
            if progress:
                progress(done, count)
    return ids


def today() -> datetime.date:
    return timezone.localdate()
