"""The whole journey over HTTP: register, map, write, confirm by link, decide, export."""

import datetime
import re
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskap.funding import selectors as funding_selectors
from samskap.payments.models import PaymentBatch, PaymentStatus
from samskap.people.models import Household
from samskap.support.models import MotivationLetter, RequestStatus, SupportRequest
from tests.support.factories import SUBPROJECT, fund, set_limits


def test_journey_from_first_meeting_to_payment_file(demo, client_for):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("20000"))
    set_limits(demo)
    organisation = demo["municipality"].organisations.first()
    kontakt = client_for("kontakt")

    assert kontakt.get(reverse("people:list")).status_code == 200
    assert kontakt.get(reverse("people:create")).status_code == 200
    response = kontakt.post(
        reverse("people:create"),
        {
            "subproject": subproject.pk,
            "alias": "Reisefamilien",
            "bank_account": "1503 80 10007",
            "confirm_duplicate": "on",  # the demo uses this test account too
            "name": "Nora",
            "role": "young_person",
            "birth_year": "2005",
            "national_id": "",
            "preferred_language": "nb",
        },
    )
    household = Household.objects.get(alias="Reisefamilien")
    assert response["Location"] == reverse("people:detail", args=[household.pk])
    assert kontakt.get(response["Location"]).status_code == 200

    url = reverse("support:mapping_create", args=[household.pk])
    assert kontakt.get(url).status_code == 200
    # The old screen maps nothing without consent for the service present either.
    mapping = {
        "subproject": subproject.pk,
        "place": "school",
        "services_present": [organisation.pk],
        "basic_needs": ["bed", "transport"],
        "notes": "",
    }
    assert kontakt.post(url, mapping).status_code == 200
    assert not household.needs_mappings.exists()
    today = timezone.localdate()
    response = kontakt.post(
        reverse("people:consent_give", args=[household.pk]),
        {
            "given_by": household.members.get().pk,
            "method": "written",
            "given_on": today.isoformat(),
            "services": [organisation.kind],
            "purposes": ["needs_mapping", "support"],
            "valid_until": (today + datetime.timedelta(days=365)).isoformat(),
            "scope": "",
        },
    )
    assert response.status_code == 302
    response = kontakt.post(
        url,
        {
            "subproject": subproject.pk,
            "place": "school",
            "services_present": [organisation.pk],
            "basic_needs": ["bed", "transport"],
            "notes": "",
        },
    )
    assert response.status_code == 302

    url = reverse("support:letter_create", args=[household.pk])
    assert kontakt.get(url).status_code == 200
    response = kontakt.post(
        url,
        {
            "subproject": subproject.pk,
            "language": "nb",
            "need": "Seng",
            "purpose": "Kjøpe seng",
            "commitment": "Gå på skolen",
        },
    )
    letter = MotivationLetter.objects.get(household=household)
    assert response["Location"] == reverse("support:letter_detail", args=[letter.pk])
    page = kontakt.post(response["Location"]).content.decode()
    link = re.search(r'id="confirmation-link">([^<]+)<', page).group(1)

    citizen = Client()
    assert citizen.get(link).status_code == 200
    assert citizen.post(link).status_code == 200
    letter.refresh_from_db()
    assert letter.confirmed_at is not None

    url = reverse("support:request_create", args=[letter.pk])
    assert kontakt.get(url).status_code == 200
    response = kontakt.post(
        url,
        {
            "line-TOTAL_FORMS": "3",
            "line-INITIAL_FORMS": "0",
            "line-MIN_NUM_FORMS": "1",
            "line-MAX_NUM_FORMS": "10",
            "line-0-form": "cash",
            "line-0-description": "Seng",
            "line-0-amount": "3 500,00",
            "help-TOTAL_FORMS": "2",
            "help-INITIAL_FORMS": "0",
            "help-MIN_NUM_FORMS": "0",
            "help-MAX_NUM_FORMS": "10",
            "help-0-kind": "school",
            "help-0-description": "Leksehjelp",
            "help-0-responsible": organisation.pk,
            "help-0-due_on": "2030-01-31",
        },
    )
    support = SupportRequest.objects.get(household=household)
    assert response["Location"] == reverse("support:request_detail", args=[support.pk])
    detail = kontakt.get(response["Location"])
    assert detail.status_code == 200
    assert "3\xa0500,00\u00a0kr" in detail.content.decode()

    leder = client_for("leder")
    url = reverse("support:meeting", args=[subproject.pk])
    token = leder.get(url).context["form"]["token"].value()
    leder.post(
        url,
        {
            "token": token,
            "services_present": [organisation.pk],
            f"r{support.pk}-outcome": "approved",
            f"r{support.pk}-rationale": "Trenger seng nå",
        },
    )
    support.refresh_from_db()
    assert support.status == RequestStatus.APPROVED
    assert kontakt.get(reverse("support:tasks")).status_code == 200

    okonom = client_for("okonom")
    assert okonom.get(reverse("payments:overview")).status_code == 200
    okonom.post(reverse("payments:export"))
    batch = PaymentBatch.objects.latest("id")
    payment = support.lines.get().payments.get()
    assert payment.batch == batch and payment.status == PaymentStatus.EXPORTED
    assert funding_selectors.subproject_budget(subproject=subproject).paid >= Decimal("3500.00")


def test_bad_supplier_account_is_shown_on_its_field(demo, client_for):
    from tests.support.factories import confirmed_letter, household

    letter = confirmed_letter(demo, household(demo))
    response = client_for("kontakt").post(
        reverse("support:request_create", args=[letter.pk]),
        {
            "line-TOTAL_FORMS": "3",
            "line-INITIAL_FORMS": "0",
            "line-MIN_NUM_FORMS": "1",
            "line-MAX_NUM_FORMS": "10",
            "line-0-form": "purchase",
            "line-0-description": "Seng",
            "line-0-amount": "2000",
            "line-0-supplier_name": "Møbelbutikken",
            "line-0-supplier_account": "1234.56.78900",
            "help-TOTAL_FORMS": "2",
            "help-INITIAL_FORMS": "0",
            "help-MIN_NUM_FORMS": "0",
            "help-MAX_NUM_FORMS": "10",
        },
    )
    html = response.content.decode()
    assert 'aria-describedby="id_line-0-supplier_account_error"' in html
    assert "Dette er ikke et gyldig norsk kontonummer" in html
    assert not SupportRequest.objects.filter(letter=letter).exists()
