"""core.http.refusal_on: a service's refusal lands on the form; message_on_refusal: on a
button's next page as an error message; forbidden becomes 404 in both."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.http import message_on_refusal, refusal_on


class AmountForm(forms.Form):
    amount = forms.IntegerField()


def _valid_form() -> AmountForm:
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    return form


def test_accepted_service_leaves_the_form_without_errors():
    form = _valid_form()
    with refusal_on(form):
        answer = form.cleaned_data["amount"] * 2
    assert not form.errors
    assert answer == 10


def test_refusal_naming_a_field_is_shown_on_that_field_and_ends_the_block():
    form = _valid_form()
    with refusal_on(form):
        raise DomainError("For mye.", field="amount")
    assert form.errors == {"amount": ["For mye."]}


def test_refusal_naming_no_field_of_the_form_is_shown_above_it():
    form = _valid_form()
    with refusal_on(form):
        raise DomainError("Potten er tom.", field="pot")
    assert form.non_field_errors() == ["Potten er tom."]


def test_forbidden_or_missing_becomes_404_and_not_a_form_error():
    form = _valid_form()
    with pytest.raises(Http404), refusal_on(form):
        raise NotFoundOrForbidden("Ikke funnet.")
    assert not form.errors


def test_other_errors_are_not_swallowed():
    form = _valid_form()
    with pytest.raises(ZeroDivisionError), refusal_on(form):
        _ = 1 / 0


def test_an_address_that_only_takes_a_form_says_so_when_opened(client_for):
    from django.urls import reverse

    response = client_for("leder").get(reverse("oversight:ethics_acknowledge"))
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    page = response.content.decode()
    assert "Denne adressen tar bare imot et skjema" in page
    assert "Ingenting ble endret" in page


def test_the_405_page_links_the_page_the_form_belongs_to(client_for):
    from django.urls import reverse

    # A form refused a second time and then the language switch: the switch goes back to
    # the form's own address (helper-88's known limit), whose page must lead somewhere.
    response = client_for("leder").get(reverse("support:decision_refuse", args=[7]))
    assert response.status_code == 405
    assert 'href="/stotte/soknad/7/"' in response.content.decode()
    assert "Gå til siden skjemaet hører til" in response.content.decode()


def test_every_form_only_address_links_a_page_that_opens(client_for):
    """Walks the whole URLconf: where an address answers GET with 405, the page one step
    up that its 405 page links to must not be another form-only address."""
    from django.urls import NoReverseMatch, reverse

    from samskap.core.middleware import _page_above
    from tests.test_authorization_matrix import PATTERNS

    client = client_for("admin")
    form_only, linked = [], []
    for name, keywords in PATTERNS:
        try:
            path = reverse(name, kwargs={keyword: 1 for keyword in keywords})
        except NoReverseMatch:  # unnamed patterns
            continue
        if client.get(path).status_code != 405:
            continue
        form_only.append(path)
        above = _page_above(path)
        if above is not None:
            linked.append(above)
            assert client.get(above).status_code != 405, (path, above)
    assert "/stotte/soknad/1/" in linked, linked
    assert len(linked) > len(form_only) / 2, (form_only, linked)


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_button_whose_service_accepts_is_not_refused_and_says_nothing():
    request = _request()
    with message_on_refusal(request) as outcome:
        pass
    assert not outcome.refused and list(get_messages(request)) == []


def test_a_buttons_refusal_becomes_an_error_message_and_ends_the_block():
    request = _request()
    reached = []
    with message_on_refusal(request) as outcome:
        raise DomainError("Oppgaven er allerede gjort.")
        reached.append("after")
    assert outcome.refused and reached == []
    shown = list(get_messages(request))
    assert [(m.level_tag, m.message) for m in shown] == [("error", "Oppgaven er allerede gjort.")]


def test_a_buttons_forbidden_or_missing_becomes_404_without_a_message():
    request = _request()
    with pytest.raises(Http404), message_on_refusal(request):
        raise NotFoundOrForbidden("task")
    assert list(get_messages(request)) == []
