"""The header's language switch returns to a page that answers a GET. A refused form is
shown at the address it was posted to; when that address only takes a form, switching
language there answered 405 (the new-user trial: /innsyn/tid-til-hjelp/enhetstall/ with
År "abc", then "English"). After a post the switch returns to the page the form was sent
from."""

import re

from django.urls import reverse

PAGE = "/innsyn/tid-til-hjelp/"


def _next(response) -> str:
    html = response.content.decode()
    form = html.split('class="language-form"', 1)[1].split("</form>", 1)[0]
    return re.search(r'name="next" type="hidden" value="([^"]*)"', form).group(1)


def _refused(client, referer: str | None):
    extra = {"HTTP_REFERER": referer} if referer is not None else {}
    response = client.post(
        reverse("oversight:unit_indicator_record"), {"year": "abc", "quarter": "1"}, **extra
    )
    assert response.status_code == 400
    return response


def test_after_a_refused_form_the_switch_returns_to_the_page_it_was_sent_from(client_for):
    client = client_for("okonom")
    response = _refused(client, f"http://testserver{PAGE}?avtale=1")
    assert _next(response) == f"{PAGE}?avtale=1"
    # The switch itself, as the browser posts it, lands on a page that answers.
    switched = client.post(reverse("set_language"), {"language": "en", "next": _next(response)})
    assert switched.status_code == 302 and switched.url == f"{PAGE}?avtale=1"
    assert client.get(switched.url).status_code == 200


def test_after_a_second_refusal_it_still_returns_to_the_first_page(client_for):
    """helper-89: the second refused post's Referer is the form's own address, which
    only takes a form; the switch answered 405 there."""
    client = client_for("okonom")
    form_address = reverse("oversight:unit_indicator_record")
    _refused(client, f"http://testserver{PAGE}?avtale=1")
    again = _refused(client, f"http://testserver{form_address}")
    assert _next(again) == f"{PAGE}?avtale=1"
    assert _next(_refused(client, f"http://testserver{form_address}")) == f"{PAGE}?avtale=1"
    # A form that posts to its own page, refused there, still returns to that page.
    own = reverse("accounts:organisations")
    response = client.post(own, {"name": "", "kind": "nav"}, HTTP_REFERER=f"http://testserver{own}")
    assert response.status_code == 400
    assert _next(response) == own


def test_a_referer_from_another_site_or_none_keeps_the_address_itself(client_for):
    client = client_for("okonom")
    form_address = reverse("oversight:unit_indicator_record")
    assert _next(_refused(client, "https://evil.example/innsyn/tid-til-hjelp/")) == form_address
    assert _next(_refused(client, None)) == form_address


def test_a_page_read_returns_to_itself_with_its_query(client_for):
    response = client_for("okonom").get(f"{PAGE}?avtale=1", HTTP_REFERER="http://testserver/")
    assert _next(response) == f"{PAGE}?avtale=1"
