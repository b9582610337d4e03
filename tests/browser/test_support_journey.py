"""Brief §3–§6 in a real browser: from meeting a family to the money on its way."""

import re
from decimal import Decimal

from samskap.funding import selectors as funding_selectors
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.support.models import SupportRequest
from tests.browser.fixtures import assert_accessible, log_in, open_page

SUBPROJECT = "Veien til førerkortet"


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_one_meeting_then_pay(browser, page, live_demo):
    base = live_demo["url"]
    subproject = live_demo["subprojects"][SUBPROJECT]
    paid_before = funding_selectors.subproject_budget(subproject=subproject).paid

    # The contact person registers the household (minimum data, own bank account).
    log_in(page, base, "kontakt")
    page.goto(f"{base}/husstander/ny/")
    assert_accessible(page)
    page.locator("#id_subproject").select_option(label=SUBPROJECT)
    page.locator("#id_alias").fill("Familien Nettleser")
    page.locator("#id_bank_account").fill("1234.56.78904")  # wrong check digit
    page.locator("#id_name").fill("Nora")
    page.locator("#id_role").select_option("young_person")
    page.locator("#id_birth_year").fill("2005")
    submit(page, "Registrer husstanden")
    assert page.locator("#id_bank_account").get_attribute("aria-invalid") == "true"
    assert not Household.objects.filter(alias="Familien Nettleser").exists()
    # A family's own account, on no other household (a shared one asks for confirmation).
    page.locator("#id_bank_account").fill("1503 10 00006")
    submit(page, "Registrer husstanden")
    household = Household.objects.get(alias="Familien Nettleser")
    assert page.url == f"{base}/husstander/{household.pk}/"

    # Needs are mapped together with the services present.
    page.goto(f"{base}/stotte/husstand/{household.pk}/kartlegging/")
    assert_accessible(page)
    page.locator("#id_place").select_option("school")
    page.locator("input[name=services_present]").first.check()
    page.locator("input[name=basic_needs][value=bed]").check()
    page.locator("input[name=basic_needs][value=transport]").check()
    submit(page, "Lagre kartleggingen")

    # The motivation letter is written together, then confirmed on the citizen's phone.
    page.goto(f"{base}/stotte/husstand/{household.pk}/brev/")
    assert_accessible(page)
    page.locator("#id_need").fill("Jeg trenger førerkort for å få jobb som bud.")
    page.locator("#id_purpose").fill("Kjøretimer og oppkjøring.")
    page.locator("#id_commitment").fill("Jeg møter til alle timene og søker jobb.")
    submit(page, "Lagre brevet")
    submit(page, "Lag en bekreftelseslenke")
    link = page.locator("#confirmation-link").inner_text()

    citizen = open_page(browser)
    citizen.goto(link)
    assert citizen.get_by_text("Jeg trenger førerkort").first.is_visible()
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Ja, dette er brevet mitt").click()
    citizen.wait_for_load_state()
    assert_accessible(citizen)
    tampered = re.sub(r"/([^/]+)/$", lambda m: "/" + m.group(1)[:-2] + "xx/", link)
    assert citizen.goto(tampered).status == 400
    assert_accessible(citizen)
    citizen.context.close()

    # The contact person proposes cash support to the team.
    page.reload()
    page.get_by_role("link", name="Foreslå støtte for teamet").click()
    assert_accessible(page)
    page.locator("#id_line-0-form").select_option("cash")
    page.locator("#id_line-0-description").fill("Kjøretimer")
    page.locator("#id_line-0-amount").fill("3 500")
    submit(page, "Sett på teamets saksliste")
    support = SupportRequest.objects.get(household=household)

    # The team decides in one meeting; someone other than the proposer approves.
    leader = open_page(browser)
    log_in(leader, base, "leder")
    leader.goto(f"{base}/stotte/moter/{subproject.pk}/")
    assert_accessible(leader)
    leader.locator("input[name=services_present]").first.check()
    leader.locator(f"#id_r{support.pk}-outcome").select_option("approved")
    leader.locator(f"#id_r{support.pk}-rationale").fill("Førerkort gir jobb; innenfor fullmakt.")
    submit(leader, "Bekreft møtets vedtak")
    leader.context.close()
    payment = Payment.objects.get(support_line__request=support)
    assert payment.status == PaymentStatus.PENDING

    # The economist makes the bank file with every pending payment; the pot shows them paid.
    pending = Payment.objects.filter(subproject=subproject, status=PaymentStatus.PENDING)
    exported_total = sum((p.amount for p in pending), Decimal("0.00"))
    assert exported_total >= Decimal("3500.00")
    economist = open_page(browser)
    log_in(economist, base, "okonom")
    economist.goto(f"{base}/utbetalinger/")
    assert_accessible(economist)
    submit(economist, "Lag betalingsfilen (pain.001)")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPORTED
    budget = funding_selectors.subproject_budget(subproject=subproject)
    assert budget.paid == paid_before + exported_total
    economist.goto(f"{base}/potten/delprosjekt/{subproject.pk}/")
    assert_accessible(economist)
    economist.context.close()
