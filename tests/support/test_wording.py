"""One way to put a family's name in front of a message of its own (support.wording), for
the meeting service's refusal of an amount and the meeting page's summary alike."""

from samskap.support.wording import for_family


def test_the_message_follows_the_name_with_a_small_first_letter():
    assert (
        for_family("Familien Hansen", "Beløpet er for stort: høyst 999 999 999,99 kr.")
        == "Familien Hansen: beløpet er for stort: høyst 999 999 999,99 kr."
    )


def test_a_message_that_names_the_family_already_is_kept():
    named = "Familien Hansen: gi en begrunnelse på én linje."
    assert for_family("Familien Hansen", named) == named


def test_a_first_word_in_capitals_keeps_them():
    assert for_family("Familien Hansen", "KID mangler.") == "Familien Hansen: KID mangler."
    assert for_family("Familien Hansen", "A") == "Familien Hansen: a"
    assert for_family("Familien Hansen", "") == "Familien Hansen: "
