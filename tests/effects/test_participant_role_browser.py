"""On a phone (390x844) the team of "Flyktningefamilien i sentrum" (ages 0–18) enrols a
parent: refused as one of the target group, enrolled as a family member, shown as such on
the list and the participant's page; the people in the select are told apart by birth
year and household. Every screen axe clean, none scrolling sideways (PostgreSQL)."""

from django.urls import reverse

from samskap.effects.models import Participant, ParticipantRole
from samskap.effects.persons import person_label
from samskap.people.models import Member
from tests.browser.fixtures import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
REFUGEES = "Flyktningefamilien i sentrum"


def _screen(page, name: str) -> None:
    page.wait_for_load_state()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{name} ({page.url}) scrolls sideways: {widths}"
    assert_accessible(page)


def test_the_team_enrols_a_parent_as_a_family_member_on_a_phone(page, live_demo):
    subproject = live_demo["subprojects"][REFUGEES]
    parent = (
        Member.objects.filter(household__enrolments__subproject=subproject, role="parent")
        .exclude(participations__subproject=subproject)
        .order_by("pk")
        .first()
    )
    assert parent is not None, "the demo has a parent not yet enrolled"
    base = live_demo["url"]
    page.set_viewport_size(PHONE)
    log_in(page, base, "leder")  # the lead holds a seat on its team
    page.goto(base + reverse("effects:participants", args=[subproject.pk]))
    _screen(page, "participants")
    assert page.locator("#id_member option", has_text=person_label(parent)).count() == 1

    page.locator("#id_member").select_option(str(parent.pk))
    page.locator("#id_group").select_option("participant")
    page.get_by_role("button", name="Registrer", exact=True).click()
    _screen(page, "refused as the target group")
    assert page.get_by_text("utenfor aldersgruppen").first.is_visible()
    assert not Participant.objects.filter(subproject=subproject, member=parent).exists()

    page.locator("#id_member").select_option(str(parent.pk))
    page.locator("#id_group").select_option("participant")
    page.locator("#id_role").select_option("family_member")
    page.get_by_role("button", name="Registrer", exact=True).click()
    _screen(page, "participant")
    participant = Participant.objects.get(subproject=subproject, member=parent)
    assert participant.role == ParticipantRole.FAMILY_MEMBER
    assert page.get_by_text("Familiemedlem").first.is_visible()

    page.goto(base + reverse("effects:participants", args=[subproject.pk]))
    _screen(page, "participants with the parent")
    row = page.get_by_role("row").filter(has_text=person_label(parent))
    assert row.get_by_role("cell", name="Familiemedlem").is_visible()
