"""`{% agenda_items rows %}`: the meeting agenda's rows, built in Python.

One meeting decides up to 50 requests on one screen (issue 14). Through the template
engine each row cost about half a millisecond of Python: some forty nodes, a dozen
`{% translate %}` tags looked up again for every row, and the related managers of each
request. Here the labels are translated once per page and each row is one f-string.

The HTML is the same, byte for byte, as the row template it replaces
(tests/support/agenda_item_reference.html, kept beside the test that compares the two in
tests/support/test_agenda_html.py). Every value is escaped as the template escaped it;
translations are not escaped, as `{% translate %}` and `{% blocktranslate %}` do not
escape them.
"""

import functools

from django import template
from django.utils import numberformat
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from samskap.core.cells import IdAddress, escaped, with_breaks
from samskap.core.money import amounts_unbroken, nok_formatter
from samskap.core.templatetags.samskap import form_field
from samskap.support.forms import BlankRow, DecisionRowForm
from samskap.support.models import HelpKind, Place, SupportForm

register = template.Library()


def _labels() -> dict[str, str]:
    """The row's fixed texts in the active language (the same msgids as the template had)."""
    return {
        "need": gettext("What we need"),
        "purpose": gettext("What the money is for"),
        "commitment": gettext("What I/we commit to"),
        "mapping": gettext("Needs mapping"),
        "basic_needs": gettext("Basic needs"),
        "services_present": gettext("Services present"),
        "no_mapping": gettext("No needs mapping in this sub-project."),
        "year": gettext("Support this year"),
        "proposed_by": gettext("Proposed by"),
        "share": gettext("Share of what is left"),
        "nothing_left": gettext("Nothing is left in the budget."),
        "other_help": gettext("Other help"),
        "if_approved": gettext("If approved in full"),
        "second": gettext("Needs a second approver"),
        "within": gettext("Within your authority: final at once."),
        "details": gettext("Details"),
        "share_of": gettext("This request is %(share)s %% of what is left."),
        # The request page's address, reversed once per page.
        "detail": IdAddress("support:request_detail"),
        # Amounts as `|nok` writes them, the language's separators looked up once.
        "nok": nok_formatter(),
        # Numbers as `{{ value }}` localizes them (`formats.localize`), the same way.
        "number": _number_formatter(),
        # What `get_FOO_display()` shows, translated once instead of on every row.
        "forms": {value: str(label) for value, label in SupportForm.choices},
        "kinds": {value: str(label) for value, label in HelpKind.choices},
        "places": {value: str(label) for value, label in Place.choices},
    }


def _number_formatter():
    """`formats.localize` of an int or Decimal (what `number_format` does with the active
    language's format), its three settings looked up once per page, not for each row."""
    language = get_language()
    return functools.partial(
        numberformat.format,
        decimal_sep=get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        decimal_pos=None,
        grouping=get_format("NUMBER_GROUPING", language, use_l10n=True),
        thousand_sep=get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        force_grouping=False,
        use_l10n=True,
    )


def _mapping(item, labels) -> str:
    mapping = item.mapping
    if mapping is None:
        return labels["no_mapping"]
    mapped = escaped(date_format(template_localtime(mapping.mapped_at), "SHORT_DATE_FORMAT"))
    place = escaped(labels["places"].get(mapping.place, mapping.place).lower())
    needs = ", ".join(escaped(label) for label in mapping.basic_need_labels()) or "–"
    services = ", ".join(escaped(org.name) for org in item.services_present) or "–"
    return (
        f"{mapped}, {place}. {labels['basic_needs']}: {needs}. "
        f"{labels['services_present']}: {services}."
    )


def _year(item, labels) -> str:
    received = escaped(labels["nok"](item.received_this_year))
    if not item.related:
        return received
    counted = ngettext(
        "(counted with %(counter)s other registration sharing a person or the payout account)",
        "(counted with %(counter)s other registrations sharing a person or the payout account)",
        item.related,
    ) % {"counter": escaped(labels["number"](item.related))}
    return f"{received} {counted}"


def _share(item, labels) -> str:
    if item.share_of_remaining is None:
        return labels["nothing_left"]
    # "12,5 %" stays on one line at 390 px, as `{% filter unbroken_amounts %}` keeps it.
    return amounts_unbroken(
        labels["share_of"] % {"share": escaped(labels["number"](item.share_of_remaining))}
    )


def _other_help(helps, labels) -> str:
    if not helps:
        return ""
    listed = ", ".join(
        f"{escaped(labels['kinds'].get(help.kind, help.kind))} ({escaped(help.responsible.name)})"
        for help in helps
    )
    return f"<dt>{labels['other_help']}</dt><dd>{listed}</dd>"


def _approval(item, labels) -> str:
    if not item.need:
        return labels["within"]
    reasons = "; ".join(escaped(reason) for reason in item.second_reasons)
    return (
        f'<strong class="second-approver-mark">{labels["second"]}</strong>: '
        f"{reasons}. {escaped(item.need.label)}"
    )


# An unbound row's fields differ only in their prefix, as in a formset's `empty_form`.
BLANK = "__prefix__"
FIELDS = ("outcome", "amount", "rationale")


def _each_field(row) -> str:
    return "\n    ".join(str(form_field(row[name])) for name in FIELDS)


def _fields(row, labels) -> str:
    """The row's decision fields: a row sent back (values, maybe errors) field by field;
    a BlankRow, or a DecisionRowForm with nothing in it, is the blank row (`_blank_row`)
    with its own prefix."""
    blank = isinstance(row, BlankRow) or (
        type(row) is DecisionRowForm and not row.is_bound and not row.initial
    )
    if not blank:
        return _each_field(row)
    return _blank_row(get_language()).replace(BLANK, escaped(row.prefix))


@functools.lru_cache(maxsize=8)
def _blank_row(language: str) -> str:
    """The blank row's fields in `language` (the active one), built once per process and
    language instead of on every page: a form with nothing in it differs only by its
    labels' language."""
    return _each_field(DecisionRowForm(prefix=BLANK))


def agenda_item(item, row, labels) -> str:
    """One request of the agenda with its decision fields."""
    request = item.request
    letter = request.letter
    alias = escaped(request.household.alias)
    detail = labels["detail"](request.pk)
    nok = labels["nok"]
    lines = "".join(
        f"<li>{escaped(labels['forms'].get(line.form, line.form))}: {escaped(line.description)} "
        f"({escaped(nok(line.amount))})</li>"
        for line in item.lines
    )
    return (
        '\n  <fieldset class="ds-fieldset stack agenda-item">\n'
        f'    <legend class="ds-heading" data-size="sm"><bdi>{alias}</bdi> – '
        f"{escaped(nok(item.asked))}</legend>\n"
        f'    <ul class="inline-list">\n      {lines}\n    </ul>\n'
        '    <dl class="facts">\n'
        f"      <dt>{labels['need']}</dt><dd>{with_breaks(letter.need)}</dd>\n"
        f"      <dt>{labels['purpose']}</dt>"
        f"<dd>{with_breaks(letter.purpose)}</dd>\n"
        f"      <dt>{labels['commitment']}</dt>"
        f"<dd>{with_breaks(letter.commitment)}</dd>\n"
        f"      <dt>{labels['mapping']}</dt><dd>{_mapping(item, labels)}</dd>\n"
        f"      <dt>{labels['year']}</dt><dd>{_year(item, labels)}</dd>\n"
        f"      <dt>{labels['proposed_by']}</dt><dd>{escaped(request.proposed_by)}</dd>\n"
        f"      <dt>{labels['share']}</dt><dd>{_share(item, labels)}</dd>\n"
        f"      {_other_help(item.other_help, labels)}\n"
        f"      <dt>{labels['if_approved']}</dt><dd>{_approval(item, labels)}</dd>\n"
        "    </dl>\n"
        f'    <p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{detail}">'
        f'{labels["details"]}<span class="ds-sr-only"> – <bdi>{alias}</bdi></span></a></p>\n'
        f"    {_fields(row, labels)}\n"
        "  </fieldset>\n  "
    )


@register.simple_tag
def agenda_items(rows):
    """Every (AgendaItem, DecisionRowForm or BlankRow) of the agenda, in order."""
    labels = _labels()
    # Each piece is a translation, a constant or went through escaped() (see the module).
    return mark_safe("".join(agenda_item(item, row, labels) for item, row in rows))  # noqa: S308
