"""A second approver must hold authority that covers the amount; otherwise it escalates.

One person, one limit: the yearly household limit counts every household of the
municipality that shares a person (national ID) or the payout account.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.core.errors import DomainError
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.support import selectors, services
from samskap.support.models import Decision, RequestStatus
from tests.support.factories import (
    OTHER_ACCOUNT,
    SUBPROJECT,
    VALID_ACCOUNT,
    confirmed_letter,
    decide,
    fund,
    household,
    request,
    set_limits,
)

D = Decimal
QUOTED_FNR = "15508600019"


def committed(demo):
    return funding_selectors.subproject_budget(subproject=demo["subprojects"][SUBPROJECT]).committed


@pytest.fixture
def thousand(demo):
    """Every team role limited to 1 000 kr; plenty of budget."""
    fund(demo, demo["subprojects"][SUBPROJECT], D("100000"))
    set_limits(demo, per_decision="1000", per_year="1000")
    return demo


def test_a_second_approver_without_authority_for_40_000_is_refused(thousand, client_for):
    support = request(thousand, amount="40000")  # proposed by kontakt
    decision = decide(thousand, [support]).decisions[0]  # first approver: leder
    before = committed(thousand)
    with pytest.raises(DomainError) as error:
        services.decision_confirm(acting_user=thousand["users"]["nav.berg"], decision=decision)
    message = str(error.value.message)
    assert "40\u00a0000,00\u00a0kr" in message
    assert "økonomen" in message
    decision.refresh_from_db()
    assert decision.second_approver is None and decision.decided_at is None
    assert committed(thousand) == before
    # Through the page: a message, nothing committed.
    page = client_for("nav.berg").post(
        reverse("support:decision_confirm", args=[decision.request_id]), follow=True
    )
    assert "Du har ikke fullmakt" in page.content.decode()
    assert committed(thousand) == before


def test_when_nobody_on_the_team_has_authority_it_escalates_to_the_economist(thousand, client_for):
    support = request(thousand, amount="40000")
    decision = decide(thousand, [support]).decisions[0]
    meeting = client_for("leder").get(reverse("support:meeting", args=[support.subproject_id]))
    card = meeting.content.decode().split(f'id="awaiting-{decision.pk}"', 1)[1]
    card = card.split("</article>", 1)[0]
    assert "Må godkjennes av økonomen" in card
    # The first approver's card says who answers, not "another team member" (the trial).
    assert "Økonomen bekrefter eller avslår det." in card
    assert "Et annet teammedlem må bekrefte" not in card
    # The economist's list names the sub-project and the amount, never the household.
    economist = client_for("okonom")
    listing = economist.get(reverse("support:escalated"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert f"#{support.pk}" in html and "40\u00a0000,00\u00a0kr" in html
    assert support.household.alias not in html
    before = committed(thousand)
    response = economist.post(reverse("support:decision_confirm", args=[decision.request_id]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.second_approver == thousand["users"]["okonom"]
    assert decision.decided_at is not None
    assert committed(thousand) == before + D("40000.00")


def test_it_escalates_to_the_lead_when_the_lead_has_authority(thousand):
    funding_services.authority_limit_set(
        acting_user=thousand["users"]["okonom"],
        municipality=thousand["municipality"],
        team_role="lead",
        max_per_decision="50000",
        max_per_household_per_year="60000",
    )
    support = request(thousand, amount="40000")  # proposed by kontakt
    decision = decide(thousand, [support], by="nav.berg").decisions[0]
    need = selectors.approval_needs(decisions=[decision])[decision.pk]
    assert need.level == "lead"
    assert [user.username for user in need.approvers] == ["leder"]
    assert "Liv Lede" in str(need.label)
    with pytest.raises(DomainError):  # the lead has authority here: not the economist's
        services.decision_confirm(acting_user=thousand["users"]["okonom"], decision=decision)
    services.decision_confirm(acting_user=thousand["users"]["leder"], decision=decision)
    decision.refresh_from_db()
    assert decision.decided_at is not None


def test_a_team_member_whose_authority_covers_it_confirms(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo, per_decision="20000", per_year="30000")
    support = request(demo, by="leder", amount="15000")  # the lead's own proposal
    decision = decide(demo, [support], by="leder").decisions[0]
    need = selectors.approval_needs(decisions=[decision])[decision.pk]
    assert need.level == "team"
    assert {user.username for user in need.approvers} == {"kontakt", "nav.berg"}
    services.decision_confirm(acting_user=demo["users"]["nav.berg"], decision=decision)
    assert Decision.objects.get(pk=decision.pk).decided_at is not None


def test_the_economist_stops_at_the_ceiling(thousand, client_for):
    support = request(thousand, amount="40000")
    decision = decide(thousand, [support]).decisions[0]
    funding_services.authority_ceiling_set(
        acting_user=thousand["users"]["okonom"],
        subproject=support.subproject,
        max_per_decision="30000",
        max_per_household_per_year="50000",
    )
    need = selectors.approval_needs(decisions=[decision])[decision.pk]
    assert need.level == "nobody"
    before = committed(thousand)
    with pytest.raises(DomainError):
        services.decision_confirm(acting_user=thousand["users"]["okonom"], decision=decision)
    assert committed(thousand) == before
    # Nobody may approve it, so the economist may still decline it.
    services.decision_refuse(
        acting_user=thousand["users"]["okonom"], decision=decision, reason="Over taket"
    )
    support.refresh_from_db()
    assert support.status == RequestStatus.DECLINED


def test_the_economist_sees_no_escalations_of_another_municipality_nor_team_work(
    thousand, client_for
):
    support = request(thousand, amount="500", by="leder")  # within every limit but own
    decision = decide(thousand, [support], by="leder").decisions[0]
    assert selectors.approval_needs(decisions=[decision])[decision.pk].level == "team"
    economist = client_for("okonom")
    assert f"#{support.pk}" not in economist.get(reverse("support:escalated")).content.decode()
    response = economist.post(reverse("support:decision_confirm", args=[decision.request_id]))
    assert response.status_code == 404
    assert client_for("leder").get(reverse("support:escalated")).status_code == 404


# --- one person, one limit ------------------------------------------------------------


def request_for(demo, home, amount):
    letter = confirmed_letter(demo, home)
    return services.support_request_create(
        acting_user=demo["users"]["kontakt"],
        letter=letter,
        lines=[services.LineInput(form="cash", description="Depositum", amount=amount)],
    )


@pytest.fixture
def five_thousand_a_year(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], D("50000"))
    set_limits(demo, per_decision="5000", per_year="5000")
    return demo


def test_same_national_id_and_account_in_two_households_count_as_one(five_thousand_a_year):
    demo = five_thousand_a_year
    first = household(demo, alias="Husstand A", national_id=QUOTED_FNR)
    second = household(demo, alias="Husstand B", national_id=QUOTED_FNR)
    decided = decide(demo, [request_for(demo, first, "4000")], key="m1").decisions[0]
    assert not decided.needs_second_approval
    decision = decide(demo, [request_for(demo, second, "4000")], key="m2").decisions[0]
    assert decision.needs_second_approval
    received = selectors.household_received_this_year(household_ids=[second.pk])
    assert received[second.pk] == D("4000.00")


@pytest.mark.parametrize(
    ("first_id", "second_id", "first_account", "second_account", "shared"),
    [
        (QUOTED_FNR, QUOTED_FNR, VALID_ACCOUNT, OTHER_ACCOUNT, True),  # the same person
        ("", "", VALID_ACCOUNT, VALID_ACCOUNT, True),  # the same payout account
        (QUOTED_FNR, "", VALID_ACCOUNT, OTHER_ACCOUNT, False),  # nothing in common
    ],
)
def test_the_yearly_limit_counts_per_person_and_per_account(
    five_thousand_a_year, first_id, second_id, first_account, second_account, shared
):
    demo = five_thousand_a_year
    first = household(demo, alias="Husstand A", national_id=first_id, account=first_account)
    second = household(demo, alias="Husstand B", national_id=second_id, account=second_account)
    decide(demo, [request_for(demo, first, "4000")], key="m1")
    decision = decide(demo, [request_for(demo, second, "4000")], key="m2").decisions[0]
    assert decision.needs_second_approval is shared


def test_the_second_approver_counts_per_person_too(five_thousand_a_year):
    demo = five_thousand_a_year
    first = household(demo, alias="Husstand A", national_id=QUOTED_FNR)
    second = household(demo, alias="Husstand B", national_id=QUOTED_FNR, account=OTHER_ACCOUNT)
    decide(demo, [request_for(demo, first, "4000")], key="m1")
    support = request_for(demo, second, "4000")
    decision = decide(demo, [support], key="m2").decisions[0]
    # 4 000 + 4 000 is above every team member's 5 000 a year: the economist decides.
    with pytest.raises(DomainError):
        services.decision_confirm(acting_user=demo["users"]["nav.berg"], decision=decision)
    need = selectors.approval_needs(decisions=[decision])[decision.pk]
    assert need.level == "economy"
    services.decision_confirm(acting_user=demo["users"]["okonom"], decision=decision)


def test_the_meeting_shows_what_the_person_already_got(five_thousand_a_year, client_for):
    demo = five_thousand_a_year
    first = household(demo, alias="Husstand A", national_id=QUOTED_FNR)
    second = household(demo, alias="Husstand B", national_id=QUOTED_FNR)
    decide(demo, [request_for(demo, first, "4000")], key="m1")
    request_for(demo, second, "300")
    url = reverse("support:meeting", args=[demo["subprojects"][SUBPROJECT].pk])
    page = client_for("leder").get(url)
    assert "4\u00a0000,00\u00a0kr" in page.content.decode()


@pytest.mark.parametrize(
    ("first_id", "second_id", "first_account", "second_account", "shared"),
    [
        (QUOTED_FNR, QUOTED_FNR, VALID_ACCOUNT, OTHER_ACCOUNT, True),  # the same person
        ("", "", VALID_ACCOUNT, VALID_ACCOUNT, True),  # the same payout account
        (QUOTED_FNR, "", VALID_ACCOUNT, OTHER_ACCOUNT, False),  # nothing in common
    ],
)
def test_in_one_meeting_the_second_request_of_the_same_people_counts_the_first(
    five_thousand_a_year, first_id, second_id, first_account, second_account, shared
):
    """The meeting reads what each family got this year once and counts its own decisions
    as it goes (issue 14: no longer five queries per decision): a second request of the
    same person or account in the same meeting sees the first one's 4 000."""
    demo = five_thousand_a_year
    first = household(demo, alias="Husstand A", national_id=first_id, account=first_account)
    second = household(demo, alias="Husstand B", national_id=second_id, account=second_account)
    result = decide(
        demo, [request_for(demo, first, "4000"), request_for(demo, second, "4000")], key="m1"
    )
    one, two = result.decisions
    assert not one.needs_second_approval and one.decided_at is not None
    assert two.needs_second_approval is shared
    assert (two.decided_at is None) is shared
    two.request.refresh_from_db()
    assert two.request.status == ("awaiting_second" if shared else "approved")
    # Shared: the first's 4 000 counts for both and the second waits (not counted yet);
    # apart: each got its own 4 000.
    received = selectors.household_received_this_year(household_ids=[first.pk, second.pk])
    assert received == {first.pk: D("4000.00"), second.pk: D("4000.00")}
