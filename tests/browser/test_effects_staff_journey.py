"""The team sets an effect goal and its indicator, enrols a participant and records an
outcome, on a phone (390x844): every screen axe clean, none scrolling sideways. Prints the
screens and clicks it took."""

from django.urls import reverse
from django.utils import timezone

from samskap.effects.models import Goal, Outcome, Participant
from samskap.people.models import Member
from tests.browser.fixtures import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}


def test_goal_indicator_enrolment_and_outcome_on_a_phone(page, live_demo):
    subproject = live_demo["subprojects"]["Veien til førerkortet"]
    year = timezone.localdate().year  # the enrolment form starts today
    member = (
        Member.objects.filter(household__enrolments__subproject=subproject)
        .exclude(participations__subproject=subproject)
        # Within the sub-project's ages at the start (the service refuses a parent).
        .filter(
            birth_year__gte=year - subproject.age_to, birth_year__lte=year - subproject.age_from
        )
        .order_by("pk")
        .first()
    )
    assert member is not None, "the demo has a household member not yet enrolled"
    base = live_demo["url"]
    screens, clicks = [], 0

    def screen(name: str) -> None:
        page.wait_for_load_state()
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{name} ({page.url}) scrolls sideways: {widths}"
        assert_accessible(page)
        screens.append(name)

    page.set_viewport_size(PHONE)
    log_in(page, base, "leder")
    page.goto(base + reverse("subprojects:detail", args=[subproject.pk]))
    screen("sub-project page")

    page.get_by_role("link", name="Effektmål og indikatorer").click()
    clicks += 1
    screen("effect goals")
    page.locator("#id_title").fill("Trygg i trafikken")
    page.locator('input[name="sdg_targets"][value="4.4"]').check()
    page.get_by_role("button", name="Lagre målet").click()
    clicks += 2
    screen("new indicator")
    goal = Goal.objects.get(subproject=subproject, title="Trygg i trafikken")

    page.locator("#id_name").fill("Trygghet bak rattet")
    page.locator("#id_kind").select_option("scale")
    page.locator("#id_target").fill("4")
    page.locator("#id_direction").select_option("higher")  # chosen, never assumed
    page.locator("#id_baseline_value").fill("2")
    page.locator("#id_baseline_date").fill(subproject.agreement.starts_on.isoformat())
    page.locator("#id_measured_when").fill("Ved start og etter oppkjøring")
    page.locator("#id_measured_how").fill("Spørsmål i samtale, skala 1–5")
    page.locator("#id_recorded_by").select_option("contact_person")
    page.get_by_role("button", name="Lagre indikatoren").click()
    clicks += 1
    screen("effect goals with the indicator")
    assert page.get_by_role("cell", name="Trygghet bak rattet").is_visible()
    indicator = goal.indicators.get()

    page.goto(base + reverse("effects:report", args=[subproject.pk]))
    screen("evaluation report")
    page.get_by_role("link", name="Deltakere og resultater").click()
    clicks += 1
    screen("participants")
    page.locator("#id_member").select_option(str(member.pk))
    page.locator("#id_group").select_option("participant")  # chosen, never assumed
    page.get_by_role("button", name="Registrer", exact=True).click()
    clicks += 1
    screen("participant")
    participant = Participant.objects.get(subproject=subproject, member=member)

    page.locator("#id_indicator").select_option(str(indicator.pk))
    page.locator("#id_value").fill("3")
    page.locator("#id_source").select_option("self_report")
    page.get_by_role("button", name="Lagre resultatet").click()
    clicks += 1
    screen("participant with the outcome")
    assert page.get_by_test_id("outcome").filter(has_text="Trygghet bak rattet").is_visible()
    outcome = Outcome.objects.get(participant=participant, indicator=indicator)
    assert outcome.value == 3 and outcome.measured_on == timezone.localdate()

    # Bad input from the issue: a scale value of 6 is refused on the page, nothing stored.
    page.locator("#id_indicator").select_option(str(indicator.pk))
    page.locator("#id_value").fill("6")
    page.locator("#id_source").select_option("self_report")
    page.get_by_role("button", name="Lagre resultatet").click()
    screen("refused scale value")
    assert page.get_by_text("En verdi på skalaen er et helt tall fra 1 til 5.").first.is_visible()
    assert Outcome.objects.filter(participant=participant).count() == 1

    print(f"\n{len(screens)} screens, {clicks} clicks: " + " → ".join(screens))
