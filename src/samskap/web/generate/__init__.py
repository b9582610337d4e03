"""`samskap generate`: data at scale through the services' own rules.

Every household, letter, request, meeting and export goes through the same services as
the pages, so every ledger invariant holds afterwards (`samskap ledger_check`). Built on
the Trondheim demo (users, agreement, sub-projects), seeded so the same seed gives the
same families, amounts and decisions.
"""

import random
import sys
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import GrantScheme
from samskap.payments import services as payment_services
from samskap.people import services as people_services
from samskap.subprojects.models import TeamMembership, TeamRole
from samskap.support import services as support_services
from samskap.web.demo import load_demo
from samskap.web.generate.letters import confirmed_letter


@dataclass(frozen=True)
class Scale:
    households: int  # in all, spread over the demo's sub-projects
    requests_per_household: int
    meeting_size: int


SCALES = {
    "small": Scale(households=8, requests_per_household=2, meeting_size=8),
    "medium": Scale(households=2000, requests_per_household=5, meeting_size=50),
}
# `national` (356 municipalities, 250,000 households, 2,000,000 supports) is built in
# bulk, one municipality at a time: see samskap.web.generate.national.
BULK = {"national"}


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
            )
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


def _account_numbers(rng: random.Random):
    weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        base = f"{rng.randrange(1000, 9999)}{rng.randrange(0, 10**6):06d}"
        check = 11 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            yield f"{base}{check}"


def _seats(subproject):
    seats = TeamMembership.objects.filter(subproject=subproject).order_by("pk")
    chair = (seats.filter(team_role=TeamRole.LEAD).first() or seats.first()).user
    other = seats.exclude(user=chair).first()
    return chair, (other.user if other else chair)


def _fund(demo, subproject, amount: Decimal) -> None:
    missing = amount - funding_selectors.subproject_budget(subproject=subproject).remaining
    if missing <= 0:
        return
    agreement = subproject.agreement
    scheme = GrantScheme.objects.filter(pk__in=agreement.scheme_amounts.values("scheme")).first()
    economist = demo["users"]["okonom"]
    funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=agreement,
        scheme=scheme,
        received_on=timezone.localdate(),
        amount=missing,
        reference=f"GEN-{subproject.pk}-{missing}",
        confirm_above_agreement=True,
    )
    funding_services.allocation_create(
        acting_user=economist,
        subproject=subproject,
        year=funding_selectors.budget_year(agreement=agreement),
        amount=missing,
        reason="Generated data",
    )


def generate(*, scale: str, seed: int, stream=None, fraction: float = 1.0) -> dict:
    """Make the data of `scale` on top of the demo; returns counts of what was made.
    `fraction` (national only) makes that share of it through the same code path."""
    if scale in BULK:
        from samskap.web.generate.national import generate_national

        if not 0 < fraction <= 1:
            raise DomainError("--fraction is a share between 0 and 1.")
        load_demo()
        return generate_national(
            seed=seed, fraction=fraction, progress=Progress(0, f"generate {scale}", stream)
        )
    size = SCALES[scale]
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    accounts = _account_numbers(rng)
    demo = load_demo()
    economist = demo["users"]["okonom"]
    for role in TeamRole.values:
        funding_services.authority_limit_set(
            acting_user=economist,
            municipality=demo["municipality"],
            team_role=role,
            max_per_decision="10000",
            max_per_household_per_year="100000",
        )
    subprojects = sorted(demo["subprojects"].values(), key=lambda s: s.pk)
    services_present = list(Organisation.objects.filter(municipality=demo["municipality"])[:1])
    amounts = [rng.choice(["750", "1200.50", "2500", "4000"]) for _ in range(10)]
    made = {"households": 0, "requests": 0, "decisions": 0, "payments_exported": 0}
    total = size.households * size.requests_per_household
    progress = Progress(total, f"generate {scale}", stream)
    for index, subproject in enumerate(subprojects):
        households = size.households // len(subprojects) + (
            1 if index < size.households % len(subprojects) else 0
        )
        chair, proposer = _seats(subproject)
        _fund(demo, subproject, Decimal("4000") * households * size.requests_per_household)
        agenda = []
        for number in range(households):
            household = people_services.household_create(
                acting_user=proposer,
                subproject=subproject,
                alias=f"Generert {subproject.pk}-{number}",
                bank_account=next(accounts),
                confirm_duplicate=True,
                first_member=people_services.MemberInput(
                    name=f"Syntetisk Person {number}",
                    role="young_person",
                    birth_year=rng.randrange(1990, 2008),
                    preferred_language="nb",
                ),
            )
            made["households"] += 1
            for _ in range(size.requests_per_household):
                letter = confirmed_letter(
                    proposer=proposer, household=household, subproject=subproject
                )
                agenda.append(
                    support_services.support_request_create(
                        acting_user=proposer,
                        letter=letter,
                        lines=[
                            support_services.LineInput(
                                form="cash", description="Kjøretimer", amount=rng.choice(amounts)
                            )
                        ],
                    )
                )
                made["requests"] += 1
                if len(agenda) >= size.meeting_size:
                    made["decisions"] += _meet(chair, subproject, services_present, agenda, rng)
                    progress.step(len(agenda))
                    agenda = []
        if agenda:
            made["decisions"] += _meet(chair, subproject, services_present, agenda, rng)
            progress.step(len(agenda))
    batch = payment_services.payment_batch_export(
        acting_user=economist, municipality=demo["municipality"]
    )
    made["payments_exported"] = batch.payment_count if batch else 0
    return made


def _meet(chair, subproject, services_present, agenda, rng) -> int:
    support_services.meeting_hold(
        acting_user=chair,
        subproject=subproject,
        services_present=services_present,
        decisions=[
            support_services.DecisionInput(
                request_id=request.pk,
                outcome="approved" if rng.random() < 0.9 else "declined",
                amount=None,
                rationale="Generert vedtak",
            )
            for request in agenda
        ],
        idempotency_key=f"gen-{subproject.pk}-{agenda[0].pk}",
    )
    return len(agenda)
