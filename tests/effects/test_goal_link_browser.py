"""On a phone (390x844) the contact person names the goal a decision serves on the support
request page, sees it chosen, then finds the money counted on the goals page: every screen
axe clean, none scrolling sideways. Runs on PostgreSQL (browser tests)."""

from django.urls import reverse

from samskap.effects.models import Goal, GoalLink
from samskap.support.models import Decision
from tests.browser.fixtures import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
VEIEN = "Veien til førerkortet"


def _screen(page, name: str) -> None:
    page.wait_for_load_state()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{name} ({page.url}) scrolls sideways: {widths}"
    assert_accessible(page)


def test_the_contact_person_links_a_decision_to_a_goal_on_a_phone(page, live_demo):
    subproject = live_demo["subprojects"][VEIEN]
    decision = (
        Decision.objects.filter(request__subproject=subproject, decided_at__isnull=False)
        .exclude(outcome="declined")
        .order_by("id")
        .first()
    )
    crime = Goal.objects.get(subproject=subproject, title__contains="kriminalitet")
    assert GoalLink.objects.get(decision=decision).goal != crime
    base = live_demo["url"]
    page.set_viewport_size(PHONE)
    log_in(page, base, "kontakt")
    page.goto(base + reverse("support:request_detail", args=[decision.request_id]))
    _screen(page, "support request")

    select = page.get_by_label("Vedtaket tjener")
    select.select_option(str(crime.pk))
    page.get_by_test_id("request-goals").get_by_role("button", name="Lagre målet").first.click()
    _screen(page, "support request, goal saved")
    assert page.get_by_text("Målet er lagret.").is_visible()
    assert page.get_by_label("Vedtaket tjener").input_value() == str(crime.pk)
    assert GoalLink.objects.get(decision=decision).goal == crime

    # Clearing it again: "no goal" takes the link away.
    page.get_by_label("Vedtaket tjener").select_option("")
    page.get_by_test_id("request-goals").get_by_role("button", name="Lagre målet").first.click()
    _screen(page, "support request, goal cleared")
    assert page.get_by_text("Den er ikke lenger knyttet til et mål.").is_visible()
    assert not GoalLink.objects.filter(decision=decision).exists()

    page.goto(base + reverse("effects:goals", args=[subproject.pk]))
    _screen(page, "effect goals with money per goal")
    assert page.get_by_test_id("goal-money").first.is_visible()
