"""The household's year (what its people and payout account received this year, and how
many other registrations share them) in two queries gives what the five-statement version
gave (issue 14), over households that received nothing, had payments returned or
cancelled, were paid again, decided last year, or share a person or an account."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.people import services as people_services
from samskap.people.models import Household, Member
from samskap.support import selectors, services
from samskap.support.limits import SPENT_STATUSES, ReceivedThisYear, final_decisions_this_year
from samskap.support.models import Decision
from tests.support.factories import (
    OTHER_ACCOUNT,
    SUBPROJECT,
    VALID_ACCOUNT,
    confirmed_letter,
    decide,
    fund,
    set_limits,
)

D = Decimal
ZERO = D("0.00")
FNR = "15508600019"
THIRD_ACCOUNT = "60030512343"
ACCOUNTS = ["15030200001", "15030200028", "15030200036"]  # valid, on no other household


# --- the five-statement version as it was before issue 14's change, the reference --------


def reference_related(household_ids) -> dict[int, set[int]]:
    homes = list(
        Household.objects.filter(pk__in=set(household_ids)).values_list(
            "pk", "municipality_id", "bank_account"
        )
    )
    if not homes:
        return {}
    municipalities = {municipality for _pk, municipality, _account in homes}
    national_ids = defaultdict(set)
    for household_id, national_id in (
        Member.objects.filter(household_id__in=[pk for pk, _m, _a in homes])
        .exclude(national_id="")
        .values_list("household_id", "national_id")
    ):
        national_ids[household_id].add(national_id)
    by_account = defaultdict(set)
    accounts = {account for _pk, _m, account in homes if account}
    for pk, municipality, account in Household.objects.filter(
        municipality_id__in=municipalities, bank_account__in=accounts
    ).values_list("pk", "municipality_id", "bank_account"):
        by_account[(municipality, account)].add(pk)
    by_person = defaultdict(set)
    wanted = set().union(*national_ids.values())
    for household_id, municipality, national_id in Member.objects.filter(
        household__municipality_id__in=municipalities, national_id__in=wanted
    ).values_list("household_id", "household__municipality_id", "national_id"):
        by_person[(municipality, national_id)].add(household_id)
    related = {}
    for pk, municipality, account in homes:
        group = {pk}
        if account:
            group |= by_account[(municipality, account)]
        for national_id in national_ids[pk]:
            group |= by_person[(municipality, national_id)]
        related[pk] = group
    return related


def reference_received(household_ids) -> dict[int, Decimal]:
    rows = (
        final_decisions_this_year()
        .filter(request__household_id__in=household_ids)
        .values("request__household_id")
        .annotate(total=Sum("amount"))
    )
    received = {row["request__household_id"]: row["total"] or ZERO for row in rows}
    later = Payment.objects.filter(support_line=OuterRef("support_line"), pk__gt=OuterRef("pk"))
    spent = (
        Payment.objects.filter(
            status__in=SPENT_STATUSES,
            support_line__request__household_id__in=received,
            # Only lines of decisions that still count: a cancelled decision's cancelled
            # payments are not subtracted from what it no longer adds.
            support_line__request__decision__in=final_decisions_this_year(),
        )
        .exclude(Exists(later))
        .values("support_line__request__household_id")
        .annotate(total=Sum("amount"))
    )
    for row in spent:
        received[row["support_line__request__household_id"]] -= row["total"]
    return received


def reference_year(household_ids) -> dict[int, tuple[Decimal, int]]:
    related = reference_related(household_ids)
    per_household = reference_received(set().union(*related.values()) if related else [])
    return {
        pk: (sum((per_household.get(other, ZERO) for other in group), start=ZERO), len(group) - 1)
        for pk, group in related.items()
    }


# --- a varied world -----------------------------------------------------------------------


def home(demo, alias, *, national_id="", account=VALID_ACCOUNT):
    return people_services.household_create(
        confirm_duplicate=True,
        acting_user=demo["users"]["kontakt"],
        subproject=demo["subprojects"][SUBPROJECT],
        alias=alias,
        bank_account=account,
        first_member=people_services.MemberInput(
            name="Ung Person", role="young_person", birth_year=2000, national_id=national_id
        ),
    )


def ask(demo, household, *amounts):
    letter = confirmed_letter(demo, household)
    return services.support_request_create(
        acting_user=demo["users"]["kontakt"],
        letter=letter,
        lines=[
            services.LineInput(form="cash", description="Depositum", amount=amount)
            for amount in amounts
        ],
    )


def export(demo):
    return payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )


def bank_returns(demo, payments):
    payment_services.payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data="".join(f"{p.end_to_end_id};RJCT;AC01\n" for p in payments).encode(),
        filename="retur.csv",
    )


@pytest.fixture
def world(demo):
    """Households with nothing, with a returned line (one of two), a returned line paid
    again, a cancelled decision, a declined request, a decision of last year, and ones
    that share a person or the payout account (and one with no account)."""
    fund(demo, demo["subprojects"][SUBPROJECT], D("200000"))
    set_limits(demo, per_decision="100000", per_year="1000000")
    export(demo)  # the demo's own payments out of the way
    homes = {
        "nothing": home(demo, "Ingenting", account=THIRD_ACCOUNT),
        "no account": home(demo, "Uten konto", account=""),
        "returned": home(demo, "Retur", account=OTHER_ACCOUNT),
        "paid again": home(demo, "Betalt igjen", national_id=FNR, account=ACCOUNTS[0]),
        "same person": home(demo, "Samme person", national_id=FNR, account=ACCOUNTS[1]),
        "cancelled": home(demo, "Kansellert"),
        "declined": home(demo, "Avslått"),
        "last year": home(demo, "I fjor", account=ACCOUNTS[2]),
        "shared account": home(demo, "Delt konto"),
    }
    returned = ask(demo, homes["returned"], "1000", "700")
    paid_again = ask(demo, homes["paid again"], "2500")
    same_person = ask(demo, homes["same person"], "400")
    cancelled = ask(demo, homes["cancelled"], "900")
    kept = ask(demo, homes["cancelled"], "300")
    last_year = ask(demo, homes["last year"], "5000")
    shared = ask(demo, homes["shared account"], "1200")
    decide(demo, [returned, paid_again, same_person, cancelled, kept, last_year, shared], key="m1")
    decide(demo, [ask(demo, homes["declined"], "800")], outcome="declined", key="m2")
    services.decision_cancel(
        acting_user=demo["users"]["nav.berg"],
        decision=Decision.objects.get(request=cancelled),
        reason="Familien flyttet",
    )
    export(demo)
    bank_returns(
        demo,
        [
            Payment.objects.get(support_line__request=returned, amount=D("700")),
            Payment.objects.get(support_line__request=paid_again),
        ],
    )
    people_services.household_bank_account_set(
        acting_user=demo["users"]["kontakt"],
        household=homes["paid again"],
        bank_account="15030433332",
        account_holder="Ung Person",
    )
    services.decision_pay_again(
        acting_user=demo["users"]["kontakt"], decision=Decision.objects.get(request=paid_again)
    )
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    Decision.objects.filter(request=last_year).update(decided_at=a_year_ago)
    return homes


def test_household_year_equals_the_five_statement_version(world):
    every = list(Household.objects.values_list("pk", flat=True))
    expected = reference_year(every)
    assert len(expected) == len(every)
    got = selectors.household_year(household_ids=every)
    assert {pk: (year.received, year.related) for pk, year in got.items()} == expected
    # And each household asked on its own, and a few together.
    for pk in [h.pk for h in world.values()]:
        alone = selectors.household_year(household_ids=[pk])
        assert {k: (y.received, y.related) for k, y in alone.items()} == reference_year([pk])
    some = [world["returned"].pk, world["same person"].pk, world["nothing"].pk]
    assert selectors.household_received_this_year(household_ids=some) == {
        pk: received for pk, (received, _related) in reference_year(some).items()
    }


def test_household_year_figures(world):
    """What each household of the world received, so the reference itself is pinned."""
    year = selectors.household_year(household_ids=[h.pk for h in world.values()])
    received = {name: year[h.pk].received for name, h in world.items()}
    assert received["nothing"] == ZERO
    assert received["no account"] == ZERO
    assert received["returned"] == D("1000.00")  # the 700 came back
    assert received["paid again"] == D("2900.00")  # 2 500 paid again, and the same person's 400
    assert received["same person"] == D("2900.00")
    assert received["last year"] == ZERO
    assert year[world["paid again"].pk].related == 1
    assert year[world["no account"].pk].related == 0
    # The test households share VALID_ACCOUNT: the cancelled, the declined and the shared
    # account's households count as one.
    assert received["cancelled"] == received["shared account"] == received["declined"]
    assert year[world["shared account"].pk].related >= 2


def test_a_cancelled_decision_is_not_subtracted_twice(world):
    """The households sharing VALID_ACCOUNT got 300 (the cancelled one's kept decision) and
    1 200; the cancelled 900 neither counts nor is taken off again (it gave 600 before)."""
    year = selectors.household_year(household_ids=[world["shared account"].pk])
    assert year[world["shared account"].pk].received == D("1500.00")


def test_unknown_and_no_households(world):
    assert selectors.household_year(household_ids=[]) == {}
    assert selectors.household_year(household_ids=[10**9]) == {}
    assert selectors.related_household_ids(household_ids=[10**9]) == {}


def test_household_year_is_three_queries_at_most_whatever_the_number(world):
    every = list(Household.objects.values_list("pk", flat=True))
    for ids in (every[:1], every):
        with CaptureQueriesContext(connection) as queries:
            selectors.household_year(household_ids=ids)
        assert len(queries) <= 3  # the households, what was granted, what came back


def test_received_this_year_of_a_meeting_equals_the_reference(world):
    every = list(Household.objects.values_list("pk", flat=True))
    expected = reference_year(every)
    kept = ReceivedThisYear(household_ids=every)
    assert {pk: kept.of(pk) for pk in every} == {pk: got for pk, (got, _r) in expected.items()}
