"""The trial's allocation on a phone: "10.000" and nothing else typed. One answer lists
every problem, each entry naming its field and linking to it; the amount's link focuses
the amount. Nothing is posted."""

from django.urls import reverse

from samskap.funding.models import LedgerTransaction
from tests.browser.fixtures import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}


def test_an_allocation_with_10_000_and_empty_fields_gets_one_answer(page, live_demo):
    demo = live_demo
    postings = LedgerTransaction.objects.count()
    page.set_viewport_size(PHONE)
    log_in(page, demo["url"], "okonom")
    page.goto(demo["url"] + reverse("funding:allocate", args=[demo["agreement"].pk]))
    page.get_by_label("Beløp (kr)").fill("10.000")
    page.locator("form.stack").get_by_role("button", name="Poster").click()
    page.wait_for_load_state()

    alert = page.get_by_role("alert")
    links = [text.strip() for text in alert.get_by_role("link").all_inner_texts()]
    assert "Delprosjekt: Feltet er påkrevet." in links
    assert any(text.startswith("Beløp (kr): Skriv tusener med mellomrom") for text in links)
    assert any(
        text.endswith(": Feltet er påkrevet.") and "Delprosjekt" not in text for text in links
    )
    alert.get_by_role("link", name="Beløp (kr):").click()
    assert page.locator("#id_amount").evaluate("element => element === document.activeElement")
    assert page.locator("#id_amount").input_value() == "10.000"
    assert_accessible(page)
    assert LedgerTransaction.objects.count() == postings
