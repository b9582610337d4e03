"""Data for the benchmarks, made through the services wherever the measure depends on it.

`pending_payments` builds payments waiting for export the way the support flow leaves
them: a commitment per payment and an instruction per line, in bulk (see there);
`agenda` and `meeting` go through the services one by one.
"""

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samskap.funding import guards, ledger
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import AccountKind, GrantScheme, TransactionKind
from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.people import services as people_services
from samskap.subprojects.models import TeamMembership
from samskap.support.models import RequestStatus, SupportForm, SupportLine, SupportRequest

ACCOUNT = "86011117947"
AMOUNTS = [Decimal("1200.50"), Decimal("3000.00"), Decimal("750.00"), Decimal("4999.99")]


_accounts = iter(range(1, 10**6))


def account_number() -> str:
    """A new valid Norwegian account number (MOD11) each call: families do not share one,
    so a decision's yearly-limit lock holds its own family only, as in real life."""
    weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        base = f"1503{next(_accounts):06d}"
        check = 11 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return f"{base}{check}"


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
        # More than the agreement says, on purpose: benchmarks pay out at scale.
        confirm_above_agreement=True,
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


def chair(subproject):
    """Who holds the team's meetings: its lead (or the first on the team)."""
    seats = TeamMembership.objects.filter(subproject=subproject).order_by("pk")
    return (seats.filter(team_role="lead").first() or seats.first()).user


def team_member(subproject):
    """Someone on the team other than its chair, who proposes support (a proposal of the
    chair's own would need a second approver)."""
    seats = TeamMembership.objects.filter(subproject=subproject).order_by("pk")
    other = seats.exclude(user=chair(subproject)).first()
    return (other or seats.first()).user


def _request(demo, subproject, alias: str) -> SupportRequest:
    member = team_member(subproject)
    household = people_services.household_create(
        acting_user=member,
        subproject=subproject,
        alias=alias,
        bank_account=account_number(),
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
    from samskap.web.generate.letters import confirmed_letter

    return confirmed_letter(proposer=member, household=household, subproject=subproject)


def _commit_all(subproject, lines, *, chunk: int = 1000) -> None:
    """Commit each line's amount (budget this year -> committed), as `money_commit` does,
    through the ledger's bulk path: same split over the schemes' budgets, same checks
    (`ledger.post_many` refuses an overdraft, a foreign scheme or agreement)."""
    agreement = subproject.agreement
    day = timezone.localdate()
    year = min(max(day.year, agreement.starts_on.year), agreement.ends_on.year)
    for start in range(0, len(lines), chunk):
        with transaction.atomic():
            guards.lock_subprojects(subproject)
            budgets = guards.budget_accounts(subproject, year)
            committed = {
                budget.scheme_id: ledger.account(
                    agreement=agreement,
                    kind=AccountKind.COMMITTED,
                    scheme=budget.scheme,
                    subproject=subproject,
                    year=year,
                )
                for budget in budgets
            }
            postings = []
            for line in lines[start : start + chunk]:
                parts = ledger.split(line.amount, {b: b.balance for b in budgets})
                for budget, part in parts.items():
                    budget.balance -= part
                postings.append(
                    ledger.Posting(
                        agreement=agreement,
                        kind=TransactionKind.COMMITMENT,
                        acting_user=None,
                        reason="Benchmark decision",
                        booked_on=day,
                        moves=[
                            (budget, committed[budget.scheme_id], part)
                            for budget, part in parts.items()
                        ],
                        subproject=subproject,
                        idempotency_key=f"bench-commit:{line.pk}",
                    )
                )
            ledger.post_many(postings)


def pending_payments(demo, count: int, *, subprojects=None) -> list[int]:
    """`count` payments waiting for export, spread over the sub-projects; their ids.

    Each has its own commitment, as a decision leaves it. Written in bulk: the support
    lines and payment rows directly (the database's constraints check their shape), the
    commitments through the ledger's bulk path. The export then does the real work.
    """
    clear_pending(demo)
    subprojects = subprojects or sorted(demo["subprojects"].values(), key=lambda s: s.pk)
    per = {subproject.pk: [] for subproject in subprojects}
    for index in range(count):
        per[subprojects[index % len(subprojects)].pk].append(AMOUNTS[index % len(AMOUNTS)])
    ids = []
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
        _commit_all(subproject, lines)
        account = request.household.bank_account
        payments = Payment.objects.bulk_create(
            (
                Payment(
                    municipality_id=subproject.agreement.municipality_id,
                    subproject=subproject,
                    support_line=line,
                    idempotency_key=f"support-line:{line.pk}",
                    end_to_end_id=f"SAMSKAP-{line.pk}-{secrets.token_hex(4).upper()}",
                    creditor_name="Ali Testesen",
                    creditor_account=account,
                    amount=line.amount,
                    remittance="Kjøretimer",
                    settles=f"bench-commit:{line.pk}",
                )
                for line in lines
            ),
            batch_size=2000,
        )
        ids.extend(payment.pk for payment in payments)
    return ids


def today() -> datetime.date:
    return timezone.localdate()


def set_limits(demo, *, per_decision="100000", per_year="10000000") -> None:
    """Delegated limits high enough that no benchmark decision needs a second approver."""
    from samskap.subprojects.models import TeamRole

    for role in TeamRole.values:
        funding_services.authority_limit_set(
            acting_user=demo["users"]["okonom"],
            municipality=demo["municipality"],
            team_role=role,
            max_per_decision=per_decision,
            max_per_household_per_year=per_year,
        )


def agenda(demo, subproject, count: int, *, tag: str, amount: str = "1000") -> list:
    """`count` requests on the sub-project's agenda, each through the services (household,
    confirmed letter, request)."""
    from samskap.support import services as support_services

    member = team_member(subproject)
    requests = []
    for index in range(count):
        household = people_services.household_create(
            acting_user=member,
            subproject=subproject,
            alias=f"Familien {tag} {index}",
            bank_account=account_number(),
            confirm_duplicate=True,
            first_member=people_services.MemberInput(
                name="Ali Testesen", role="young_person", birth_year=2006, preferred_language="nb"
            ),
        )
        letter = _letter(member, household, subproject)
        requests.append(
            support_services.support_request_create(
                acting_user=member,
                letter=letter,
                lines=[support_services.LineInput(form="cash", description="Seng", amount=amount)],
            )
        )
    return requests


def meeting(demo, subproject, requests, *, key: str):
    """Decide the requests in one meeting, all approved, as the team's chair would."""
    from samskap.accounts.models import Organisation
    from samskap.support import services as support_services

    return support_services.meeting_hold(
        acting_user=chair(subproject),
        subproject=subproject,
        services_present=list(Organisation.objects.filter(municipality=demo["municipality"])[:1]),
        decisions=[
            support_services.DecisionInput(
                request_id=request.pk, outcome="approved", amount=None, rationale="Enige"
            )
            for request in requests
        ],
        idempotency_key=key,
    )


def medium(demo, *, quick: bool = False) -> list[str]:
    """The issue's `medium`, one large municipality: 2,000 households registered through
    the services, 10,000 decided lines with their commitments and payments (9,000
    exported through the real export, 1,000 waiting), and an agenda of 50 requests made
    through the services in the first sub-project. Commitments and payment rows in bulk,
    as `pending_payments` makes them. Returns notes (what took how long)."""
    import time

    households = 100 if quick else 2000
    decided = 500 if quick else 10_000
    notes = []
    started = time.perf_counter()
    set_limits(demo)
    subprojects = sorted(demo["subprojects"].values(), key=lambda s: s.pk)
    for index in range(households):
        subproject = subprojects[index % len(subprojects)]
        people_services.household_create(
            acting_user=team_member(subproject),
            subproject=subproject,
            alias=f"Familien Medium {index}",
            bank_account=account_number(),
            confirm_duplicate=True,
            first_member=people_services.MemberInput(
                name="Ali Testesen", role="young_person", birth_year=2006, preferred_language="nb"
            ),
        )
    notes.append(
        f"medium: {households} households through the services in "
        f"{time.perf_counter() - started:.0f} s"
    )
    step = time.perf_counter()
    pending_payments(demo, decided - decided // 10)
    clear_pending(demo)
    pending_payments(demo, decided // 10)
    notes.append(
        f"medium: {decided} decided lines with commitments and payments, "
        f"{decided - decided // 10} exported through the export, in "
        f"{time.perf_counter() - step:.0f} s"
    )
    step = time.perf_counter()
    fund(demo, subprojects[0], Decimal("1000") * 60)
    agenda(demo, subprojects[0], 50, tag="medium")
    notes.append(f"medium: an agenda of 50 requests in {time.perf_counter() - step:.0f} s")
    return notes
