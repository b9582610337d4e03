"""`{% agenda_items %}` (the meeting agenda's rows, built in Python for issue 14) writes the
same HTML, byte for byte, as the row template it replaced (agenda_item_reference.html
beside this file): with and without a needs mapping, other help, related registrations and
a second-approver mark, with text that must be escaped and line breaks in the letter, with
nothing left in the budget, and for rows sent back with values and errors."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template

from samskap.support import selectors, services
from samskap.support.forms import BlankRow, DecisionRowForm
from samskap.support.templatetags.agenda import BLANK
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    consent_to_map,
    fund,
    household,
    letter_token,
    organisations,
    request,
    set_limits,
)

REFERENCE = Template((Path(__file__).parent / "agenda_item_reference.html").read_text())
BUILT = Template("{% load agenda %}{% agenda_items rows %}")


def both(rows) -> tuple[str, str]:
    context = Context({"rows": rows})
    return REFERENCE.render(context), BUILT.render(context)


@pytest.fixture
def agenda(demo):
    """Three requests: one with a needs mapping and other help, one whose alias and letter
    need escaping and keep their line breaks, one of two lines above the per-decision limit."""
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("100000"))
    set_limits(demo, per_decision="3000", per_year="30000")
    kontakt = demo["users"]["kontakt"]
    mapped = request(demo, amount="2000", alias="Familien Kartlagt")
    consent_to_map(demo, mapped.household)
    services.needs_mapping_record(
        acting_user=kontakt,
        household=mapped.household,
        subproject=subproject,
        place="school",
        services_present=organisations(demo),
        basic_needs=["clothing", "transport"],
    )
    home = household(demo, alias='Familien <b>"Ø&Å"</b>')
    letter = services.letter_write(
        acting_user=kontakt,
        household=home,
        subproject=subproject,
        language="nb",
        need="Sykkel\n<i>til skolen</i> & jobb",
        purpose="Sykkel & lås",
        commitment="Å bruke den\n\nhver dag",
    )
    services.support_request_create(
        acting_user=kontakt,
        letter=services.letter_confirm(token=letter_token(letter)),
        lines=[services.LineInput(form="cash", description="Sykkel <3", amount="1500")],
    )
    big = household(demo, alias="Familien Stor")
    services.support_request_create(
        acting_user=kontakt,
        letter=confirmed_letter(demo, big),
        lines=[
            services.LineInput(form="cash", description="Seng", amount="2500"),
            services.LineInput(form="voucher", description="Kort", amount="2500.50"),
        ],
    )
    return subproject


def items(demo, subproject, *, user="leder", pot=None):
    pot = pot or selectors.pot_context(subproject=subproject)
    return selectors.agenda_for(subproject=subproject, pot=pot, user=demo["users"][user])


def test_unbound_rows_are_the_templates(demo, agenda):
    agenda_items = items(demo, agenda)
    rows = [(item, DecisionRowForm(prefix=f"r{item.request.pk}")) for item in agenda_items]
    reference, built = both(rows)
    assert built == reference
    assert built.count('class="ds-fieldset stack agenda-item"') == 3
    assert "Trenger godkjenner nummer to" in built  # the request of 5 000,50 kr
    assert "Innenfor ditt handlingsrom: endelig med en gang." in built
    assert "Klær, Transport" in built  # the mapping's basic needs
    assert "Ingen kartlegging i dette delprosjektet." in built
    assert "Sykkel<br>&lt;i&gt;til skolen&lt;/i&gt; &amp; jobb" in built
    assert "Familien &lt;b&gt;&quot;Ø&amp;Å&quot;&lt;/b&gt;" in built
    assert "regnet sammen med" in built  # test households share one payout account
    # The share keeps its "%" on the same line, as every report does.
    assert re.search(r"Dette forslaget er [0-9,]+\u00a0% av det som er igjen", built)
    assert BLANK not in built
    for item in agenda_items:
        assert f'name="r{item.request.pk}-outcome"' in built


def test_blank_rows_of_a_get_are_the_templates(demo, agenda):
    """The page's GET gives BlankRow rows (no form built): the same HTML as unbound forms."""
    agenda_items = items(demo, agenda)
    forms = [(item, DecisionRowForm(prefix=f"r{item.request.pk}")) for item in agenda_items]
    blanks = [(item, BlankRow(prefix=f"r{item.request.pk}")) for item in agenda_items]
    reference, _built = both(forms)  # the row template needs the form's fields
    built = BUILT.render(Context({"rows": blanks}))
    assert built == reference
    for item in agenda_items:
        assert f'name="r{item.request.pk}-amount"' in built


def test_rows_without_a_decider_or_money_left_are_the_templates(demo, agenda):
    pot = selectors.pot_context(subproject=agenda)
    pot.remaining = Decimal("0")
    agenda_items = selectors.agenda_for(subproject=agenda, pot=pot, user=None)
    rows = [(item, DecisionRowForm(prefix=f"r{item.request.pk}")) for item in agenda_items]
    reference, built = both(rows)
    assert built == reference
    assert built.count("Det er ingenting igjen i budsjettet.") == 3
    assert "godkjenner nummer to" not in built


def test_rows_sent_back_with_values_and_errors_are_the_templates(demo, agenda):
    agenda_items = items(demo, agenda)
    first, second, third = (f"r{item.request.pk}" for item in agenda_items)
    data = {
        f"{first}-outcome": "",
        f"{first}-amount": "1200",  # an amount without a decision: refused
        f"{second}-outcome": "adjusted",
        f"{second}-amount": '1 000 <"kr">',
        f"{second}-rationale": "Enige & <glade>",
        f"{third}-outcome": "declined",
        f"{third}-rationale": "x" * 201,  # too long
    }
    rows = [(item, DecisionRowForm(data, prefix=f"r{item.request.pk}")) for item in agenda_items]
    assert [row.is_valid() for _item, row in rows] == [False, True, False]
    reference, built = both(rows)
    assert built == reference
    assert built.count('aria-invalid="true"') == 2
    assert "Enige &amp; &lt;glade&gt;" in built
    assert '<option value="adjusted" selected>' in built


def test_blank_rows_are_the_templates_in_each_language(demo, agenda):
    """The blank row's fields are built once per process and language: a page in English
    after one in bokmål (and back) still has its own language's labels."""
    from django.utils import translation

    agenda_items = items(demo, agenda)
    forms = [(item, DecisionRowForm(prefix=f"r{item.request.pk}")) for item in agenda_items]
    blanks = [(item, BlankRow(prefix=f"r{item.request.pk}")) for item in agenda_items]
    for language, label in (("nb", "Ikke nå"), ("en", "Not now"), ("nb", "Ikke nå")):
        with translation.override(language):
            reference, _built = both(forms)
            built = BUILT.render(Context({"rows": blanks}))
        assert built == reference
        assert f">{label}</option>" in built
