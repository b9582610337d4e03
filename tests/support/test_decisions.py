"""Requests and the team meeting: limits, two approvers, the shared pot, nothing half-posted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import LedgerTransaction
from samskap.payments.models import Payment
from samskap.support import services
from samskap.support.models import Decision, OtherHelp, RequestStatus, SupportRequest
from tests.support.factories import (
    SECOND_APPROVER,
    SUBPROJECT,
    confirmed_letter,
    decide,
    fund,
    household,
    meeting_token,
    meeting_url,
    post_meeting,
    request,
    set_limits,
)


@pytest.fixture
def funded(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    return demo


def budget(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT])


def test_request_needs_confirmed_letter(funded):
    from samskap.support.services import letter_write

    home = household(funded)
    letter = letter_write(
        acting_user=funded["users"]["kontakt"],
        household=home,
        subproject=funded["subprojects"][SUBPROJECT],
        language="nb",
        need="a",
        purpose="b",
        commitment="c",
    )
    with pytest.raises(DomainError):
        services.support_request_create(
            acting_user=funded["users"]["kontakt"],
            letter=letter,
            lines=[services.LineInput(form="cash", description="x", amount="100")],
        )
    assert not SupportRequest.objects.filter(subproject__name=SUBPROJECT).exists()


def test_request_above_what_is_left_is_refused(funded):
    left = budget(funded).remaining
    with pytest.raises(DomainError) as error:
        request(funded, amount=str(left + 1))
    assert "budsjett" in str(error.value.message) or "budget" in str(error.value.message)
    assert not SupportRequest.objects.filter(subproject__name=SUBPROJECT).exists()


def test_request_on_exhausted_budget_is_refused(funded):
    from samskap.funding import services as funding_services

    funding_services.money_commit(
        acting_user=funded["users"]["leder"],
        subproject=funded["subprojects"][SUBPROJECT],
        amount=budget(funded).remaining,
        idempotency_key="test-exhaust",
        reason="Use up the budget",
    )
    assert budget(funded).remaining == 0
    with pytest.raises(DomainError) as error:
        request(funded, amount="100")
    assert "brukt opp" in str(error.value.message) or "used up" in str(error.value.message)
    assert not SupportRequest.objects.filter(subproject__name=SUBPROJECT).exists()


def test_purchase_needs_valid_supplier_account(funded):
    with pytest.raises(DomainError) as error:
        request(funded, form="purchase", supplier_name="Trafikkskolen", supplier_account="123")
    assert error.value.field == "supplier_account"


def test_decision_within_limit_commits_and_instructs_payment_at_once(funded):
    before = budget(funded)
    support = request(funded, amount="5000")
    result = decide(funded, [support])
    decision = result.decisions[0]
    assert decision.decided_at is not None
    support.refresh_from_db()
    assert support.status == RequestStatus.APPROVED
    after = budget(funded)
    assert after.committed == before.committed + Decimal("5000.00")
    assert after.remaining == before.remaining - Decimal("5000.00")
    payment = Payment.objects.filter(subproject__name=SUBPROJECT).get()
    assert payment.amount == Decimal("5000.00")
    assert payment.creditor_account == support.household.bank_account
    assert OtherHelp.objects.get(request=support).status == "open"


def test_adjusted_amount_is_committed_and_declined_posts_nothing(funded):
    first = request(funded, amount="5000", alias="A")
    second = request(funded, amount="3000", alias="B")
    before = budget(funded)
    services.meeting_hold(
        acting_user=funded["users"]["leder"],
        subproject=first.subproject,
        services_present=list(funded["municipality"].organisations.all()[:1]),
        decisions=[
            services.DecisionInput(first.pk, "adjusted", "Litt mindre", "4000"),
            services.DecisionInput(second.pk, "declined", "Dekkes av NAV"),
        ],
        idempotency_key="meeting-adjust",
    )
    assert budget(funded).committed == before.committed + Decimal("4000.00")
    assert Payment.objects.filter(subproject__name=SUBPROJECT).get().amount == Decimal("4000.00")
    second.refresh_from_db()
    assert second.status == RequestStatus.DECLINED


def test_above_limit_waits_for_a_second_approver_who_is_not_the_proposer(funded):
    support = request(funded, amount="15000")  # limit per decision is 10 000
    before = budget(funded)
    decision = decide(funded, [support]).decisions[0]
    assert decision.needs_second_approval and decision.decided_at is None
    assert budget(funded).committed == before.committed
    assert not Payment.objects.filter(subproject__name=SUBPROJECT).exists()
    with pytest.raises(DomainError):  # the proposer
        services.decision_confirm(acting_user=funded["users"]["kontakt"], decision=decision)
    with pytest.raises(DomainError):  # the first approver
        services.decision_confirm(acting_user=funded["users"]["leder"], decision=decision)
    with pytest.raises(DomainError):  # their own authority (10 000) does not cover it
        services.decision_confirm(acting_user=funded["users"][SECOND_APPROVER], decision=decision)
    funding_services.authority_limit_set(
        acting_user=funded["users"]["okonom"],
        municipality=funded["municipality"],
        team_role="member",
        max_per_decision="20000",
        max_per_household_per_year="30000",
    )
    services.decision_confirm(acting_user=funded["users"][SECOND_APPROVER], decision=decision)
    decision.refresh_from_db()
    assert decision.second_approver == funded["users"][SECOND_APPROVER]
    assert budget(funded).committed == before.committed + Decimal("15000.00")
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 1


def test_nobody_approves_their_own_request_alone(funded):
    support = request(funded, by="leder", amount="100")
    decision = decide(funded, [support], by="leder").decisions[0]
    assert decision.needs_second_approval
    assert not LedgerTransaction.objects.filter(
        subproject=support.subproject, idempotency_key__startswith="support-"
    ).exists()


def test_household_yearly_limit_counts_earlier_support(funded):
    first = request(funded, amount="9000")
    decide(funded, [first], key="m1")
    letter = confirmed_letter(funded, first.household)
    second = services.support_request_create(
        acting_user=funded["users"]["kontakt"],
        letter=letter,
        lines=[services.LineInput(form="cash", description="Mer", amount="8000")],
    )
    set_limits(funded, per_decision="10000", per_year="15000")
    decision = decide(funded, [second], key="m2").decisions[0]
    assert decision.needs_second_approval


def test_decision_by_someone_outside_the_team_posts_nothing(funded):
    support = request(funded, amount="1000")
    before = budget(funded)
    for outsider in ("okonom", "stat", "team"):
        with pytest.raises(DomainError):
            decide(funded, [support], by=outsider, key=f"m-{outsider}")
    assert budget(funded).committed == before.committed
    assert not Decision.objects.filter(request__subproject__name=SUBPROJECT).exists()
    assert (
        SupportRequest.objects.filter(subproject__name=SUBPROJECT).get().status
        == RequestStatus.PENDING
    )


def test_not_enough_left_at_decision_rolls_back_the_whole_meeting(funded):
    left = budget(funded).remaining
    first = request(funded, amount="8000", alias="A")
    second = request(funded, amount=str(left - Decimal("8000")), alias="B")
    third = request(funded, amount="9000", alias="C")
    # The factory's households share one payout account: the yearly limit counts them all.
    set_limits(funded, per_decision=str(left), per_year=str(3 * left))
    decide(funded, [second], key="first-meeting")
    with pytest.raises(DomainError):
        decide(funded, [first, third], key="second-meeting")
    assert Decision.objects.filter(request__subproject__name=SUBPROJECT).count() == 1
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 1
    first.refresh_from_db()
    assert first.status == RequestStatus.PENDING


def test_same_meeting_token_twice_decides_once(funded):
    support = request(funded, amount="2000")
    decide(funded, [support], key="double-click")
    result = decide(funded, [support], key="double-click")
    assert result.repeated
    assert Decision.objects.filter(request__subproject__name=SUBPROJECT).count() == 1
    assert Payment.objects.filter(subproject__name=SUBPROJECT).count() == 1
    assert budget(funded).committed == Decimal("2000.00")


def test_meeting_page_decides_and_outsider_gets_404(funded, client_for):
    support = request(funded, amount="2500")
    url = meeting_url(support)
    assert client_for("okonom").get(url).status_code == 404
    client = client_for("leder")
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"]["token"].value()
    response = post_meeting(
        funded,
        client,
        {support: {"outcome": "approved", "amount": "", "rationale": "Trenger det nå"}},
        token=token,
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.status == RequestStatus.APPROVED


def test_meeting_page_shows_missing_rationale_and_posts_nothing(funded, client_for):
    support = request(funded, amount="2500")
    response = post_meeting(
        funded, client_for("leder"), {support: {"outcome": "approved", "rationale": ""}}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Decision.objects.filter(request__subproject__name=SUBPROJECT).exists()


@pytest.mark.parametrize("amount", ["6000", "abc", "0", "10,555"])
def test_bad_adjusted_amount_is_refused_and_nothing_posted(funded, amount):
    support = request(funded, amount="5000")
    before = budget(funded)
    with pytest.raises(DomainError) as error:
        decide(funded, [support], outcome="adjusted", amount=amount)
    assert error.value.field == "amount"
    assert budget(funded).committed == before.committed
    assert not Decision.objects.filter(request=support).exists()
    support.refresh_from_db()
    assert support.status == RequestStatus.PENDING


def test_second_approver_needs_delegated_authority_of_their_own(funded):
    from samskap.funding.models import AuthorityLimit

    support = request(funded, amount="15000")
    before = budget(funded)
    decision = decide(funded, [support]).decisions[0]
    AuthorityLimit.objects.filter(team_role="member").delete()
    with pytest.raises(DomainError):
        services.decision_confirm(acting_user=funded["users"][SECOND_APPROVER], decision=decision)
    decision.refresh_from_db()
    assert decision.second_approver is None and decision.decided_at is None
    assert budget(funded).committed == before.committed


def test_second_approver_can_decline_and_nothing_is_committed(funded, client_for):
    support = request(funded, amount="15000")
    before = budget(funded)
    decision = decide(funded, [support]).decisions[0]
    with pytest.raises(DomainError):  # the proposer cannot say no on the team's behalf
        services.decision_refuse(
            acting_user=funded["users"]["kontakt"], decision=decision, reason="Nei"
        )
    response = client_for(SECOND_APPROVER).post(
        reverse("support:decision_refuse", args=[decision.request_id]),
        {"reason": "Familien har fått hjelp fra NAV"},
        follow=True,
    )
    assert "Forslaget er avslått. Ingenting ble bundet." in response.content.decode()
    decision.refresh_from_db()
    support.refresh_from_db()
    assert decision.outcome == "declined" and decision.amount == 0
    assert decision.second_approver == funded["users"][SECOND_APPROVER]
    assert decision.second_verdict == "declined"
    assert decision.second_reason == "Familien har fått hjelp fra NAV"
    assert (decision.first_outcome, decision.first_amount) == ("approved", Decimal("15000.00"))
    assert decision.rationale == "Godt begrunnet"  # the first approver's words stay theirs
    assert support.status == RequestStatus.DECLINED
    assert budget(funded).committed == before.committed
    assert not Payment.objects.filter(support_line__request=support).exists()


def test_an_invoice_is_never_part_paid_by_an_adjustment(funded):
    support = request(
        funded,
        form="purchase",
        amount="3000",
        supplier_name="Trafikkskolen",
        supplier_account="63087861351",
        invoice_reference="F-1001",
    )
    before = budget(funded)
    with pytest.raises(DomainError) as error:
        decide(funded, [support], outcome="adjusted", amount="2000")
    assert error.value.field == "amount"
    support.refresh_from_db()
    assert support.status == RequestStatus.PENDING
    assert budget(funded).committed == before.committed


def test_the_meeting_form_sent_twice_lands_on_already_recorded(funded, client_for):
    support = request(funded, amount="2500")
    client = client_for("leder")
    token = meeting_token(client, support)
    rows = {support: {"outcome": "approved", "rationale": "Trenger det nå"}}
    assert post_meeting(funded, client, rows, token=token).status_code == 302
    again = post_meeting(funded, client, rows, token=token)
    assert again.status_code == 200
    assert "Allerede registrert" in again.content.decode()
    assert "1 vedtak" in again.content.decode()
    assert Decision.objects.filter(request=support).count() == 1
    assert budget(funded).committed >= Decimal("2500.00")
