"""Bank-safe text: refused where typed, mapped to the Norwegian banks' set where written."""

import unicodedata

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samskap.core.banktext import (
    BANK_CHARACTERS,
    REFUSED_CATEGORIES,
    check_bank_text,
    is_bank_text,
    to_bank_charset,
)
from samskap.core.errors import DomainError

INVISIBLE = [
    "\x02",  # the pasted control character of the issue
    "\x00",
    "\t",
    "\n",
    "\x7f",
    "\x85",  # next line (C1 control)
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark / zero-width no-break space
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\ue000",  # private use
    "\ud800",  # lone surrogate
    "\ufffe",  # noncharacter, refused by XML
    "\u034f",  # combining grapheme joiner
    "\u3164",  # Hangul filler
    "\ufe0f",  # variation selector
]


def test_the_pasted_control_character_is_refused_where_it_is_typed():
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        check_bank_text("Ola\x02Syntetisk", max_length=70, field="account_holder")
    assert refused.value.field == "account_holder"
    # Plain Norwegian that says where and what to do, without a Unicode code point.
    assert "tegn nr. 4" in refused.value.message and "U+" not in refused.value.message
    assert "Skriv teksten på nytt i stedet for å lime den inn." in refused.value.message


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_invisible_or_control_character_is_refused(char):
    with pytest.raises(DomainError):
        check_bank_text(f"Kari{char}Nordmann", max_length=70, field="name")


def test_line_breaks_pass_only_in_multiline_fields():
    assert check_bank_text("Linje 1\r\nLinje 2", max_length=70, field="d", multiline=True)
    with pytest.raises(DomainError):
        check_bank_text("Linje 1\tLinje 2", max_length=70, field="d", multiline=True)


def test_too_long_text_is_refused_with_the_limit_in_norwegian():
    with translation.override("nb"), pytest.raises(DomainError) as refused:
        check_bank_text("x" * 82, max_length=70, field="account_holder")
    assert "70" in refused.value.message and "82" in refused.value.message
    assert refused.value.field == "account_holder"


def test_visible_text_in_any_script_passes_typing_unchanged():
    for value in ["Тарас Шевченко", "Ærlige Øystein Ås", "Ελένη", "محمد", "王小明", "Ola 😀"]:
        assert check_bank_text(value, max_length=70, field="name") == value


def test_length_counts_composed_characters_once():
    decomposed = "A\u030asgard" + "x" * 64  # Å written as A + ring: 71 code points
    assert len(check_bank_text(decomposed, max_length=70, field="name")) == 70


def test_cyrillic_is_transliterated_not_dropped():
    assert to_bank_charset("Тарас Шевченко", 70) == "Taras Shevchenko"


def test_the_control_character_never_reaches_the_file():
    assert to_bank_charset("Ola\x02Syntetisk", 70) == "OlaSyntetisk"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Ærlige Øystein Ås", "Ærlige Øystein Ås"),  # Norwegian letters stay
        ("Ελένη Παπαδοπούλου", "Eleni Papadopoyloy"),  # Greek
        ("محمد علي", "mhmd 'ly"),  # Arabic
        ("王小明", "WangXiaoMing"),  # CJK
        ("Anna 😀 Berg", "Anna Berg"),  # emoji go
        ("Familien 👨\u200d👩\u200d👧", "Familien"),  # zero-width joiner sequence
        ("\u202eKari\u202c Nordmann\u200f", "Kari Nordmann"),  # bidi marks
        ("Kari\u00a0Nordmann", "Kari Nordmann"),  # no-break space
        ("Kari\t\tNordmann\r\n", "Kari Nordmann"),  # tabs and line breaks
        ("  Kari   Nordmann  ", "Kari Nordmann"),  # whitespace collapses
        ("Müller-Lüdenscheidt", "Muller-Ludenscheidt"),
        ("Straße", "Strasse"),
        ("José Ñúñez", "Jose Nunez"),
        ("Łukasz Żółć", "Lukasz Zolc"),
        ("Björk Guðmundsdóttir", "Bjork Gudmundsdottir"),
        ("A\u030asgard", "Åsgard"),  # decomposed å composes first
        ("Smith & Sønn AS", "Smith + Sønn AS"),
        ('Faktura "77"; mars!', "Faktura '77', mars."),
        ("«Hei» „sa“ ‘hun’", "'Hei' 'sa' 'hun'"),
        ("e-post: ola@example.no", "e-post: ola example.no"),
        ("Kvittering #12 (50%)", "Kvittering 12 (50 )"),
        ("Pris 100 €", "Pris 100 EUR"),
        ("ﬁne Ｌｅｔｔｅｒｓ", "fine Letters"),
        ("Soft\u00adhyphen", "Softhyphen"),
        ("\U0001f600", ""),
    ],
)
def test_whole_kinds_map_to_the_bank_set(typed, written):
    assert to_bank_charset(typed, 140) == written


def test_truncates_to_the_field_length_without_a_trailing_space():
    assert to_bank_charset("Kari Nordmann", 5) == "Kari"
    assert to_bank_charset("Тарас Шевченко", 8) == "Taras Sh"


any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@given(any_text, st.integers(min_value=1, max_value=140))
def test_output_is_always_bank_safe(value, length):
    written = to_bank_charset(value, length)
    assert is_bank_text(written)
    assert len(written) <= length
    assert written == written.strip()
    assert "  " not in written


@given(any_text, st.integers(min_value=1, max_value=140))
def test_mapping_twice_changes_nothing(value, length):
    once = to_bank_charset(value, length)
    assert to_bank_charset(once, length) == once


@given(st.text(st.sampled_from(sorted(BANK_CHARACTERS - {" "})), min_size=1, max_size=70))
def test_text_already_in_the_set_is_kept(value):
    assert to_bank_charset(value, 70) == value


@given(any_text)
def test_text_that_passes_typing_has_no_invisible_character(value):
    has_invisible = any(unicodedata.category(c) in REFUSED_CATEGORIES for c in value)
    try:
        check_bank_text(value, max_length=1000, field="f")
    except DomainError:
        return
    assert not has_invisible
