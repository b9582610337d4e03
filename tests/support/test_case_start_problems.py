"""Step 1 of the guided case answers every problem in one go (the new-user trial: the
e-mail, then the national identity number, then the phone number, one per try), each
message a sentence with its full stop; nothing is stored."""

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.people.models import Household, Member
from tests.support.factories import SUBPROJECT


def _stored():
    return (Household.objects.count(), Member.objects.count(), AuditRecord.objects.count())


@pytest.mark.parametrize("step", ["support:case_start", "people:create"])
def test_email_national_id_and_phone_are_marked_in_one_answer(demo, client_for, step):
    before = _stored()
    data = {
        "subproject": demo["subprojects"][SUBPROJECT].pk,
        "alias": "Familien Tre",
        "name": "Sara",
        "role": "young_person",
        "birth_year": "2006",
        "national_id": "12345678901",
        "preferred_language": "nb",
        "phone": "12",
        "email": "sara@",
    }
    response = client_for("kontakt").post(reverse(step), data)
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors
    assert set(errors) == {"email", "national_id", "phone"}
    assert errors["email"] == ["Skriv en gyldig e-postadresse, for eksempel navn@example.no."]
    for messages in errors.values():
        assert all(message.endswith(".") for message in messages)
    assert _stored() == before
