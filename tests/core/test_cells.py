"""core.cells writes what `{{ value }}` and `{{ value|linebreaksbr }}` write, byte for byte,
and the address of each row's page as `reverse()` gives it."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samskap.core.cells import IdAddress, escaped, with_breaks

VALUES = [
    "",
    "Familien Ås",
    "Familien <b>\"Ø&Å\"</b> 'n'",
    "Sykkel\n<i>til skolen</i> & jobb",
    "linje\r\nto\rtre\n\nfire",
    mark_safe("<em>trygg</em>\nlinje"),
    gettext_lazy("Details"),
    Decimal("1500.50"),
    12,
    None,
]


@pytest.mark.parametrize("value", VALUES)
def test_escaped_is_conditional_escape(value):
    assert escaped(value) == str(conditional_escape(value))


@pytest.mark.parametrize("value", VALUES)
def test_with_breaks_is_linebreaksbr(value):
    assert with_breaks(value) == str(linebreaksbr(value))


def test_id_address_is_reverse():
    address = IdAddress("support:request_detail")
    for pk in (1, 42, 987654321, 10**12):
        assert address(pk) == reverse("support:request_detail", args=[pk])


def test_id_address_needs_an_id():
    with pytest.raises(Exception):  # noqa: B017 (NoReverseMatch: the page takes no id)
        IdAddress("support:meetings")
