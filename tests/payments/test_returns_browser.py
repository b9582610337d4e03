"""In a real browser: the bank returns a payment in a camt.054 file, the contact person
sees it, corrects the household's account and pays the same decision again."""

from pathlib import Path

from samskap.funding import selectors as funding_selectors
from samskap.payments.models import Payment, PaymentStatus
from samskap.support.models import ReturnedPaymentTask
from tests.browser.fixtures import assert_accessible, log_in, open_page

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_MESSAGE = "SAMSKAP-20250517101500-9F3A2C"
SAMPLE_PAYMENT = "SAMSKAP-101-A1B2C3D4"
CORRECTED = "1503 04 33332"


def phone_page(browser):
    """A page of its own (cookies, axe, CSP recording) at a phone's width."""
    page = open_page(browser)
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def click(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def camt054_returning(payment) -> bytes:
    """The bank's notification: Samskap's file booked, then this payment sent back."""
    text = (SAMPLES / "camt054-debits-and-returns.xml").read_text(encoding="utf-8")
    text = text.replace(SAMPLE_MESSAGE, payment.batch.message_id)
    return text.replace(SAMPLE_PAYMENT, payment.end_to_end_id).encode()


def test_a_camt054_return_is_paid_again_after_the_account_is_corrected(
    browser, page, live_demo, tmp_path
):
    base = live_demo["url"]
    payment = Payment.objects.select_related("batch", "support_line__request__household").get(
        status=PaymentStatus.EXPORTED, support_line__request__household__alias="Sara"
    )
    support = payment.support_line.request
    household = support.household
    remaining_before = funding_selectors.subproject_budget(subproject=payment.subproject).remaining
    camt = camt054_returning(payment)

    # The economist imports the bank's camt.054 notification.
    log_in(page, base, "okonom")
    page.goto(f"{base}/utbetalinger/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(
        {"name": "camt054.xml", "mimeType": "application/xml", "buffer": camt}
    )
    click(page, "button", "Les inn filen")
    assert "/utbetalinger/retur/" in page.url
    assert page.get_by_text("Filen er lest inn: 1 returnert").is_visible()
    row = page.get_by_role("row").filter(has_text=payment.end_to_end_id)
    assert row.get_by_text("Returnert", exact=True).first.is_visible()  # booked, then back
    assert page.get_by_text("Konto avsluttet, ukjent mottaker").first.is_visible()
    page.screenshot(path=tmp_path / "1-report.png", full_page=True)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RETURNED
    budget = funding_selectors.subproject_budget(subproject=payment.subproject)
    assert budget.remaining == remaining_before + payment.amount

    # The same file again changes nothing and says so.
    page.goto(f"{base}/utbetalinger/")
    page.locator("#id_file").set_input_files(
        {"name": "camt054.xml", "mimeType": "application/xml", "buffer": camt}
    )
    click(page, "button", "Les inn filen")
    assert page.get_by_text("Ingenting ble endret denne gangen").is_visible()
    assert funding_selectors.subproject_budget(subproject=payment.subproject) == budget

    # The contact person has a task, at phone width.
    contact = phone_page(browser)
    log_in(contact, base, "kontakt")
    contact.goto(f"{base}/stotte/oppgaver/")
    assert_accessible(contact)
    assert contact.get_by_text("Utbetalinger banken sendte i retur").is_visible()
    click(contact, "link", "Rett og betal på nytt – Sara")
    assert contact.url.endswith(f"/stotte/soknad/{support.pk}/")
    assert contact.get_by_text("returnert av banken", exact=True).is_visible()
    contact.screenshot(path=tmp_path / "2-returned.png", full_page=True)

    # Paying again to the same account is refused with a clear message.
    click(contact, "button", "Betal på nytt")
    assert contact.get_by_text("Rett kontonummeret på husstandssiden først").is_visible()
    assert Payment.objects.filter(support_line=payment.support_line).count() == 1

    # The account is corrected on the household page, then the decision is paid again.
    click(contact, "link", "Rett husstandens kontonummer")
    contact.locator("#id_bank_account").fill(CORRECTED)
    contact.locator("#id_account_holder").fill("Sara")
    click(contact, "button", "Lagre")
    assert contact.url.endswith(f"/husstander/{household.pk}/")
    assert contact.get_by_text("Returnert av banken").first.is_visible()
    contact.goto(f"{base}/stotte/soknad/{support.pk}/")
    click(contact, "button", "Betal på nytt")
    assert contact.get_by_text("En ny utbetaling venter på neste betalingsfil.").is_visible()
    contact.screenshot(path=tmp_path / "3-paid-again.png", full_page=True)

    attempts = list(Payment.objects.filter(support_line=payment.support_line).order_by("pk"))
    assert [p.status for p in attempts] == [PaymentStatus.RETURNED, PaymentStatus.PENDING]
    assert attempts[1].creditor_account == CORRECTED.replace(" ", "")
    assert attempts[1].end_to_end_id != payment.end_to_end_id
    assert ReturnedPaymentTask.objects.get(payment=payment).done_at is not None
    contact.goto(f"{base}/stotte/oppgaver/")
    assert contact.get_by_role("link", name="Rett og betal på nytt – Sara").count() == 0
    contact.context.close()
