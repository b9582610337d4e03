"""axe on the states a crawler cannot reach: form errors and the citizen's link pages."""

from django.urls import reverse

from samskap.support.links import letter_token
from samskap.support.models import MotivationLetter
from tests.browser.fixtures import assert_accessible, log_in


def test_citizen_link_pages_pass_axe(page, live_demo):
    letter = MotivationLetter.objects.filter(confirmed_at__isnull=True).first()
    url = live_demo["url"] + reverse("support:confirm", args=[letter_token(letter)])
    page.goto(url + "?lang=nb")  # the demo letter's own language may be another
    assert_accessible(page)
    page.get_by_role("button", name="Ja, dette er brevet mitt").click()
    page.wait_for_load_state()
    assert page.get_by_text("Du har bekreftet brevet").is_visible()
    assert_accessible(page)
    response = page.goto(url[:-3] + "xx/")
    assert response.status == 400
    assert page.get_by_text("Lenken er ikke gyldig").is_visible()
    assert_accessible(page)


def test_form_errors_pass_axe(page, live_demo):
    base = live_demo["url"]
    log_in(page, base, "kontakt")
    page.goto(base + reverse("people:create"))
    page.get_by_label("Husstandens navn eller kallenavn").fill("Familien Feil")
    page.get_by_label("Bankkonto for utbetalinger (valgfritt)").fill("1234.56.78901")
    page.locator("#id_name").fill("Nora")
    # Sub-project and role are chosen, never assumed ("Velg …" first).
    page.locator("#id_subproject").select_option(label="Veien til førerkortet")
    page.locator("#id_role").select_option("young_person")
    page.locator("#id_preferred_language").select_option("nb")
    page.get_by_label("Fødselsår").fill("2006")
    page.get_by_role("button", name="Registrer husstanden").click()
    page.wait_for_load_state()
    # At the field, and in the summary as a link to it.
    field_error = page.locator("#id_bank_account_error")
    assert field_error.get_by_text("Dette er ikke et gyldig norsk kontonummer").is_visible()
    assert page.get_by_role("link", name="Dette er ikke et gyldig norsk kontonummer").is_visible()
    assert_accessible(page)

    household = live_demo["subprojects"]["Veien til førerkortet"].enrolments.first().household
    page.goto(base + reverse("support:mapping_create", args=[household.pk]))
    page.get_by_role("button", name="Lagre kartleggingen").click()
    page.wait_for_load_state()
    assert_accessible(page)

    # A confirmed letter of a household the contact person works with (the demo now has
    # other teams' and another municipality's letters too).
    letter = MotivationLetter.objects.filter(
        confirmed_at__isnull=False,
        household__enrolments__subproject=household.enrolments.first().subproject,
    ).first()
    page.goto(base + reverse("support:request_create", args=[letter.pk]))
    page.get_by_role("button", name="Sett på teamets saksliste").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, base, "leder")
    subproject = live_demo["subprojects"]["Veien til førerkortet"]
    page.goto(base + reverse("support:meeting", args=[subproject.pk]))
    page.get_by_role("button", name="Bekreft møtets vedtak").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, base, "okonom")
    page.goto(base + reverse("payments:overview"))
    page.get_by_role("button", name="Les inn filen").click()
    page.wait_for_load_state()
    # The message stands at the field and, linked, in the summary above the form.
    assert (
        page.locator("#id_file_error").inner_text()
        == "Velg filen fra banken, eller lim inn linjene."
    )
    assert page.get_by_role("link", name="Filen fra banken: Velg filen fra banken").is_visible()
    assert_accessible(page)
