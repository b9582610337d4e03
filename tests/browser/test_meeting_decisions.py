"""A team meeting on a phone (390×844): a contradiction is refused on the page and nothing is
stored; a second approver's decline needs a reason, and the request page shows whose
words are whose. axe clean at every step."""

from decimal import Decimal

from django.urls import reverse

from samskap.funding import services as funding_services
from samskap.support.models import Decision, RequestStatus
from samskap.web.demo import DEMO_PASSWORD
from tests.browser.fixtures import assert_accessible, log_in
from tests.support.factories import SECOND_APPROVER, SUBPROJECT, fund, request, set_limits

PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_meeting_contradiction_then_second_approver_declines_with_a_reason(page, live_demo):
    demo = live_demo
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    small = request(demo, amount="1000.50", alias="Familien Motsigelse")
    large = request(demo, amount="15000", alias="Familien Stor")
    funding_services.authority_limit_set(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        team_role="member",
        max_per_decision="20000",
        max_per_household_per_year="30000",
    )
    base = demo["url"]
    page.set_viewport_size(PHONE)
    log_in(page, base, "leder")
    meeting = base + reverse("support:meeting", args=[small.subproject_id])
    page.goto(meeting)
    assert page.get_by_text("Ditt eget handlingsrom her").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.locator('input[name="services_present"]').first.check()
    row = page.locator("fieldset.agenda-item", has_text="Familien Motsigelse")
    row.get_by_label("Vedtak").select_option("approved")
    row.get_by_label("Justert beløp (kr)").fill("500")
    row.get_by_label("Begrunnelse (én linje)").fill("Trenger det nå")
    big = page.locator("fieldset.agenda-item", has_text="Familien Stor")
    assert big.get_by_text("Trenger godkjenner nummer to").is_visible()
    big.get_by_label("Vedtak").select_option("approved")
    big.get_by_label("Begrunnelse (én linje)").fill("Stor, men viktig")
    page.get_by_role("button", name="Bekreft møtets vedtak").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").filter(has_text="«Innvilget» gir hele").is_visible()
    assert not Decision.objects.filter(request__in=[small, large]).exists()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # The team says what it means: approve 500 with an adjusted amount.
    row = page.locator("fieldset.agenda-item", has_text="Familien Motsigelse")
    row.get_by_label("Vedtak").select_option("adjusted")
    page.get_by_role("button", name="Bekreft møtets vedtak").click()
    page.wait_for_load_state()
    small.refresh_from_db()
    large.refresh_from_db()
    assert small.status == RequestStatus.APPROVED
    assert small.decision.amount == Decimal("500.00")
    assert large.status == RequestStatus.AWAITING_SECOND

    page.context.clear_cookies()
    second = demo["users"][SECOND_APPROVER]  # a team member without a demo login: give one
    second.set_password(DEMO_PASSWORD)
    second.save(update_fields=["password"])
    log_in(page, base, SECOND_APPROVER)
    assert page.get_by_text(
        "Bekreft eller avslå som godkjenner nummer to: Familien Stor"
    ).is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.goto(meeting)
    card = page.locator("article.awaiting-item", has_text="Familien Stor")
    card.get_by_role("button", name="Avslå som godkjenner nummer to").click()
    page.wait_for_load_state()
    # The summary is drawn above the waiting cards, far down the page: focus moves to it,
    # so it is on the screen (helper-88 found it 1,640 px down with focus on the body).
    summary = page.locator('main [role="alert"][data-color="danger"]')
    assert page.evaluate("document.activeElement.matches('[role=alert][data-color=danger]')")
    box, height = summary.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height, f"the summary is at y={box['y']}, the screen {height} px"
    # At the card's field, and in the summary linking to it (the same words twice).
    field_error = card.locator(".ds-validation-message")
    assert field_error.inner_text() == "Si hvorfor du avslår."
    page.get_by_role("link", name="Hvorfor avslår du: Si hvorfor du avslår.").click()
    assert page.evaluate("document.activeElement.name") == "reason"
    large.refresh_from_db()
    assert large.status == RequestStatus.AWAITING_SECOND
    assert_accessible(page)
    card = page.locator("article.awaiting-item", has_text="Familien Stor")
    card.get_by_label("Hvorfor avslår du?").fill("Dekkes av NAV denne gangen")
    card.get_by_role("button", name="Avslå som godkjenner nummer to").click()
    page.wait_for_load_state()
    large.refresh_from_db()
    assert large.status == RequestStatus.DECLINED

    page.goto(base + reverse("support:request_detail", args=[large.pk]))
    assert page.get_by_text("Dekkes av NAV denne gangen").is_visible()
    assert page.get_by_text("Stor, men viktig").is_visible()
    assert page.get_by_text(f"Avslått av {demo['users'][SECOND_APPROVER]}").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
