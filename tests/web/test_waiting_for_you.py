"""Every start page says what waits for the user, links to where to act, and shows only
what the user may see; the page costs the same number of queries for few or many items."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samskap.funding import services as funding_services
from samskap.payments import services as payment_services
from samskap.payments.models import Payment
from samskap.people.models import HouseholdAccess
from samskap.support import selectors, services
from samskap.support.models import OtherHelp
from tests.support.factories import (
    SECOND_APPROVER,
    SUBPROJECT,
    confirmed_letter,
    decide,
    fund,
    household,
    request,
    set_limits,
)

RETURN_CODE = "AC04"  # the bank's code; Samskap shows "Kontoen er avsluttet"


@pytest.fixture
def funded(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("500000"))
    set_limits(demo, per_decision="10000", per_year="100000")
    funding_services.authority_limit_set(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        team_role="member",
        max_per_decision="20000",
        max_per_household_per_year="100000",
    )
    return demo


def token(alias: str) -> str:
    return "meeting-" + re.sub(r"[^A-Za-z0-9]", "-", alias)


def awaiting(demo, alias: str):
    """A 15 000 kr decision by the lead that nav.berg (member, 20 000 kr) may confirm."""
    support = request(demo, amount="15000", alias=alias)
    return decide(demo, [support], key=token(alias)).decisions[0]


def returned(demo, alias: str):
    okonom = demo["users"]["okonom"]
    support = request(demo, amount="1200", alias=alias)
    decide(demo, [support], key=token(alias))
    payment_services.payment_batch_export(acting_user=okonom, municipality=demo["municipality"])
    payment = Payment.objects.get(support_line__request=support)
    payment_services.payment_returns_import(
        acting_user=okonom,
        municipality=demo["municipality"],
        data=f"{payment.end_to_end_id};RJCT;{RETURN_CODE}\n".encode(),
        filename=f"retur-{alias}.csv",
    )
    return support, payment


def unconfirmed_letter(demo, alias: str):
    home = household(demo, alias=alias)
    return services.letter_write(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=demo["subprojects"][SUBPROJECT],
        language="nb",
        need="Sykkel",
        purpose="Komme seg til skolen",
        commitment="Sykle hver dag",
    )


def start(client) -> str:
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_second_approver_sees_the_confirmation_awaited_from_them(funded, client_for):
    decision = awaiting(funded, "Familien Venter")
    html = start(client_for(SECOND_APPROVER))
    assert "Venter på deg" in html
    assert "Bekreft eller avslå som godkjenner nummer to: Familien Venter" in html
    assert reverse("support:meeting", args=[decision.request.subproject_id]) in html
    # The first approver and the proposer are not asked to confirm their own.
    assert "Familien Venter" not in start(client_for("leder")).split("Dine team")[0]
    assert "Bekreft eller avslå" not in start(client_for("kontakt"))
    # Once confirmed, it no longer waits.
    services.decision_confirm(acting_user=funded["users"][SECOND_APPROVER], decision=decision)
    assert "Familien Venter" not in start(client_for(SECOND_APPROVER))


def test_a_returned_payment_shows_the_banks_reason_in_norwegian(funded, client_for):
    support, payment = returned(funded, "Familien Retur")
    html = start(client_for("kontakt"))
    assert "Returnert av banken: Familien Retur" in html
    assert "Kontoen er avsluttet" in html
    assert reverse("support:request_detail", args=[support.pk]) in html
    # The economy sees the payment, its reason and where to act, never the household.
    economist = start(client_for("okonom"))
    assert f"Returnert av banken: {payment.end_to_end_id}" in economist
    assert "Kontoen er avsluttet" in economist
    assert reverse("payments:payment", args=[payment.pk]) in economist
    assert "Familien Retur" not in economist
    # ... and so does every page that shows the returned payment.
    for page in (
        client_for("kontakt").get(reverse("support:request_detail", args=[support.pk])),
        client_for("kontakt").get(reverse("support:tasks")),
        client_for("kontakt").get(reverse("people:detail", args=[support.household_id])),
        client_for("okonom").get(reverse("payments:payment", args=[payment.pk])),
        client_for("okonom").get(reverse("payments:overview"), {"liste": "returnert"}),
        client_for("okonom").get(reverse("payments:overview"), {"liste": "sendt"}),
    ):
        assert page.status_code == 200
        assert "Kontoen er avsluttet" in page.content.decode(), page.request["PATH_INFO"]


def test_tasks_due_and_letters_not_yet_confirmed(funded, client_for):
    support = request(funded, amount="800", alias="Familien Oppgave")
    decide(funded, [support], key="meeting-task")
    OtherHelp.objects.filter(request=support).update(
        due_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    letter = unconfirmed_letter(funded, "Familien Brev")
    html = start(client_for("kontakt"))
    assert "Hjelpeoppgave med frist" in html and "Oppfølging fra NAV" in html
    assert reverse("support:tasks") in html
    assert "Brev som innbyggeren ikke har bekreftet ennå: Familien Brev" in html
    assert reverse("support:letter_detail", args=[letter.pk]) in html
    # The letter is the contact person's to follow up, not the second approver's.
    assert "Familien Brev" not in start(client_for(SECOND_APPROVER))


def test_only_what_the_user_may_see(funded, client_for):
    awaiting(funded, "Familien Hemmelig")
    returned(funded, "Familien Hemmelig Retur")
    unconfirmed_letter(funded, "Familien Hemmelig Brev")
    for username in ("team", "stat"):  # another team; the state's viewer
        html = start(client_for(username))
        assert "Hemmelig" not in html
        assert "Venter på deg" in html
    assert "Ingenting venter på deg." in start(client_for("stat"))


def test_the_start_page_logs_the_households_it_names(funded, client_for):
    decision = awaiting(funded, "Familien Logg")
    before = HouseholdAccess.objects.filter(household_id=decision.request.household_id).count()
    start(client_for(SECOND_APPROVER))
    after = HouseholdAccess.objects.filter(household_id=decision.request.household_id)
    assert after.count() == before + 1
    assert after.latest("pk").purpose == "start page"


def fill(demo, count: int, start_at: int) -> None:
    for number in range(start_at, start_at + count):
        awaiting(demo, f"Venter {number}")
        unconfirmed_letter(demo, f"Brev {number}")
        confirmed_letter(demo, household(demo, alias=f"Bekreftet {number}"))


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        start(client)
    return len(captured)


@pytest.mark.parametrize("username", [SECOND_APPROVER, "kontakt", "okonom"])
def test_the_start_page_costs_the_same_for_few_and_many(funded, client_for, username):
    client = client_for(username)
    fill(funded, 2, 0)
    few = queries(client)
    fill(funded, 8, 2)
    many = queries(client)
    assert few == many
    waiting = selectors.waiting_for(user=funded["users"][username])
    if username == SECOND_APPROVER:
        assert len(waiting.confirmations) == 10
    if username == "kontakt":
        assert len(waiting.letters) >= 10
