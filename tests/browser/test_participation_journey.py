"""A target-group member proposes and votes on a phone through the signed link; the team
sees both in the evaluation report. axe clean, no sideways scrolling at 390 px."""

from django.urls import reverse

from samskap.effects import participation_services as participation
from samskap.effects.models import ProposalRound, Vote
from tests.browser.fixtures import assert_accessible, log_in, open_page

PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_a_member_proposes_and_votes_and_the_team_sees_it(page, browser, live_demo):
    subproject = live_demo["subprojects"]["Veien til førerkortet"]
    round_ = ProposalRound.objects.get(subproject=subproject)
    voter = (
        participation.voters_of(round_=round_)
        .exclude(member_id__in=Vote.objects.filter(round=round_).values("voter_id"))
        .first()
    )
    token = participation.participation_link_token(round_=round_, member_id=voter.member_id)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_demo['url']}{reverse('effects:participate')}?lenke={token}")
    assert page.get_by_role("heading", name=round_.title).is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Forslaget ditt").fill("Kjøretimer i helgene")
    page.get_by_role("button", name="Send forslaget").click()
    page.wait_for_load_state()
    assert page.get_by_text("Takk. Forslaget ditt er sendt til teamet.").is_visible()
    page.get_by_label("Kjøretimer i helgene").check()
    page.get_by_role("button", name="Stem").click()
    page.wait_for_load_state()
    assert page.get_by_text("Takk. Stemmen din er telt.").is_visible()
    # The page says which vote was given, offers no second ballot, and shows the team's
    # answer with its note to the target group.
    assert page.get_by_test_id("my-vote").filter(has_text="Kjøretimer i helgene").is_visible()
    assert page.get_by_role("button", name="Stem").count() == 0
    answer = page.get_by_test_id("team-answer").filter(has_text="Flere kjøretimer før oppkjøring")
    assert answer.get_by_text("Teamet planlegger å gjøre dette.").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # Coming back later through the same link, the vote is still shown, also in Arabic.
    page.goto(f"{live_demo['url']}{reverse('effects:participate')}?lenke={token}&lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_test_id("my-vote").filter(has_text="Kjøretimer i helgene").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert Vote.objects.filter(round=round_, voter_id=voter.member_id).count() == 1

    team = open_page(browser)
    team.set_viewport_size(PHONE)
    try:
        log_in(team, live_demo["url"], "leder")
        team.goto(live_demo["url"] + reverse("effects:report", args=[subproject.pk]))
        proposal = team.get_by_test_id("proposal").filter(has_text="Kjøretimer i helgene")
        assert proposal.is_visible()
        assert team.get_by_test_id("participants").inner_text() == "20"
        assert team.get_by_role("cell", name="16 av 20").is_visible()
        assert_no_horizontal_scroll(team)
        assert_accessible(team)
    finally:
        team.context.close()


def test_one_long_proposal_does_not_push_the_vote_page_sideways(page, live_demo):
    """The trial: one proposal of 300 unbroken letters made every member's vote page
    4,329 px wide at 390 px (the radio button's label set the field's width)."""
    subproject = live_demo["subprojects"]["Veien til førerkortet"]
    round_ = ProposalRound.objects.get(subproject=subproject)
    voters = participation.voters_of(round_=round_).exclude(
        member_id__in=Vote.objects.filter(round=round_).values("voter_id")
    )
    author, reader = voters[0], voters[1]
    participation.proposal_create(
        token=participation.participation_link_token(round_=round_, member_id=author.member_id),
        text="Ø" * 300,
    )
    token = participation.participation_link_token(round_=round_, member_id=reader.member_id)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_demo['url']}{reverse('effects:participate')}?lenke={token}")
    assert page.get_by_label("Ø" * 300).is_visible()
    assert_no_horizontal_scroll(page)
