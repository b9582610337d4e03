"""The guided case on a phone (390 × 844): every step axe clean and without horizontal
scrolling; a refused step keeps what was typed and stores nothing; the supplier's fields
appear only for a purchase; members are added without leaving the page (htmx)."""

from samskap.accounts.models import Organisation
from samskap.people.models import Consent, Household, Member
from samskap.support.models import SupportRequest
from tests.browser.fixtures import assert_accessible, log_in

SUBPROJECT = "Veien til førerkortet"


def sticking_out(page) -> list[str]:
    """What makes the page scroll sideways: the page's width if it does, and each element
    of the page's own content that sticks out (tables scroll in their own region)."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const out = [...document.querySelectorAll('main *')]
                .filter(el => !el.closest('.table-scroll'))
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
            const page = document.documentElement.scrollWidth;
            return page > width ? [`page ${page} px`, ...out] : out;
        }"""
    )


def fits_the_screen(page) -> bool:
    problems = sticking_out(page)
    assert not problems, f"{page.url} at 390 px: {problems[:5]}"
    return True


def press(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert fits_the_screen(page), f"{page.url} scrolls sideways at 390 px"


def test_the_guided_case_on_a_phone(page, live_demo):
    base = live_demo["url"]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "kontakt")
    page.goto(f"{base}/stotte/sak/ny/")
    assert_accessible(page)
    assert fits_the_screen(page)

    # Step 1 without an alias: refused, the typed name kept, nothing stored.
    page.locator("#id_subproject").select_option(label=SUBPROJECT)
    page.locator("#id_name").fill("Mina")
    page.locator("#id_role").select_option("young_person")
    page.locator("#id_preferred_language").select_option("nb")  # chosen, never assumed
    page.locator("#id_birth_year").fill("2007")
    press(page, "Lagre og legg til flere personer")
    assert page.locator("#id_alias").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name").input_value() == "Mina"
    assert not Household.objects.filter(members__name="Mina").exists()
    page.locator("#id_alias").fill("Familien Mobil")
    press(page, "Lagre og legg til flere personer")
    household = Household.objects.get(alias="Familien Mobil")
    assert page.url.endswith(f"/stotte/sak/{household.pk}/personer/")
    assert page.locator("[aria-current=step]").inner_text().startswith("2.")

    # People are added in place (htmx): the same screen, the list grows.
    url_before = page.url
    page.locator("#id_name").fill("Lillesøster")
    page.locator("#id_role").select_option("child")
    page.locator("#id_preferred_language").select_option("nb")
    page.locator("#id_birth_year").fill("2016")
    page.get_by_role("button", name="Legg til personen").click()
    page.get_by_text("Lillesøster er lagt til.").wait_for()
    assert page.url == url_before
    assert Member.objects.filter(household=household).count() == 2
    assert_accessible(page)
    assert fits_the_screen(page)
    page.get_by_role("link", name="Ferdig med personer: gå videre").click()
    page.wait_for_load_state()

    # The account is checked at its own step; a wrong check digit keeps what was typed.
    page.locator("#id_bank_account").fill("1234.56.78904")
    page.locator("#id_account_holder").fill("Mina M")
    press(page, "Lagre og gå videre")
    assert page.locator("#id_bank_account").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_bank_account").input_value() == "1234.56.78904"
    assert page.locator("#id_account_holder").input_value() == "Mina M"
    household.refresh_from_db()
    assert household.bank_account == ""
    page.locator("#id_bank_account").fill("1503 10 00006")
    press(page, "Lagre og gå videre")

    # Consent: a child cannot consent alone; the choices stay as made.
    page.locator("#id_given_by").select_option(label="Lillesøster (barn, 2016)")
    # How it was given is chosen, never assumed ("Velg …" first).
    page.locator("#id_method").select_option("oral")
    page.locator("input[name=services][value=nav]").check()
    for purpose in ("needs_mapping", "coordination", "support"):  # none is ticked in advance
        page.locator(f"input[name=purposes][value={purpose}]").check()
    press(page, "Lagre og gå videre")
    assert page.get_by_text("kan ikke samtykke alene").first.is_visible()
    assert page.locator("input[name=services][value=nav]").is_checked()
    assert not Consent.objects.filter(household=household).exists()
    page.locator("#id_given_by").select_option(label="Mina (ungdom, 2007)")
    press(page, "Lagre og gå videre")
    assert Consent.objects.filter(household=household).count() == 1

    page.locator("#id_place").select_option("home")
    # NAV: the service the consent above covers (the mapping refuses any other).
    nav = Organisation.objects.get(municipality=household.municipality, kind="nav")
    page.locator(f"input[name=services_present][value='{nav.pk}']").check()
    press(page, "Lagre og gå videre")
    page.locator("#id_need").fill("Skoleutstyr")
    page.locator("#id_purpose").fill("PC til skolen")
    page.locator("#id_commitment").fill("Møte på skolen hver dag")
    press(page, "Lagre og lag lenken")

    # The request: supplier fields only for a purchase (no script needed, CSS :has).
    supplier = page.locator(".supplier-fields").first
    assert not supplier.is_visible()
    page.locator("#id_line-0-form").select_option("purchase")
    assert supplier.is_visible()
    assert page.locator("#id_line-0-supplier_name").is_visible()
    page.locator("#id_line-0-form").select_option("cash")
    assert not supplier.is_visible()
    assert fits_the_screen(page)
    # Not confirmed by the citizen yet: refused, the amount stays, nothing stored.
    page.locator("#id_line-0-description").fill("PC")
    page.locator("#id_line-0-amount").fill("4 000")
    press(page, "Sett på teamets saksliste")
    assert page.get_by_text("Innbyggeren må bekrefte motivasjonsbrevet først.").is_visible()
    assert page.locator("#id_line-0-amount").input_value() == "4 000"
    assert not SupportRequest.objects.filter(household=household).exists()

    # Resuming later lands on the step where the case stands.
    page.goto(f"{base}/stotte/sak/{household.pk}/")
    assert page.url.endswith(f"/stotte/sak/{household.pk}/soknad/")
    assert_accessible(page)
