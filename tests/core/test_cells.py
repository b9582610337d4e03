"""core.cells writes what `{{ value }}` and `{{ value|linebreaksbr }}` write, byte for byte."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samskap.core.cells import escaped, with_breaks

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
