"""Template filters for Norwegian-style money, and a form field rendered in Python."""

import datetime

from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samskap.core.forms import summary_items
from samskap.core.money import amounts_unbroken, format_nok

register = template.Library()

# The first option of a choice nobody has made yet. Django's own "---------" never shows.
CHOOSE = gettext_lazy("Choose …")
DJANGO_BLANK = "---------"


@register.filter
def nok(value) -> str:
    """1234567.5 -> "1 234 567,50 kr" (see samskap.core.money.format_nok)."""
    return format_nok(value)


@register.filter(is_safe=True)
def unbroken_amounts(text) -> str:
    """Free text whose amounts and percentages never break across lines
    (core.money.amounts_unbroken); escaped as any other value. Safe HTML stays safe (only
    spaces change), so `{% filter unbroken_amounts %}` binds every number to its "kr" or
    "%" in a report's tables and translated sentences."""
    return amounts_unbroken(text)


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current URL's query with `param` set to `number` (the other lists' pages, the
    search and the filters stay as they are), e.g. "?q=ali&side=3"."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.inclusion_tag("core/pager.html", takes_context=True)
def pager(context, page, label: str):
    """Previous/next links under a paged list; `label` names the list for screen readers."""
    return {"request": context["request"], "page": page, "label": label}


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:value }}: a dictionary's entry, "" when missing."""
    return mapping.get(key, "")


@register.filter
def percent(share) -> str:
    """A share (0.457) as a whole percent, Norwegian style with a no-break space: "46 %"."""
    if share is None or share == "":
        return ""
    return f"{round(float(share) * 100)}\u00a0%"


@register.filter
def choice_options(bound_field) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for each option of a select (core/field.html).

    A required choice nobody has made yet starts on an empty "Velg …" option, never on
    the first real choice (the request step's "Type hjelp" silently became "Bolig");
    Django's "---------" placeholder is shown as "Velg …" too. A choice already made
    (bound data or a deliberate initial value) is selected as it is, and so is the only
    possible answer.
    """
    current = bound_field.value()
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else None
    current = "" if current is None else str(current)
    options, has_blank = [], False
    for value, label in bound_field.field.choices:
        value = "" if value is None else str(value)
        if value == "":
            has_blank = True
            if str(label) in (DJANGO_BLANK, ""):
                label = CHOOSE
        selected = value in chosen if chosen is not None else value == current
        options.append((value, label, selected))
    unmade = bound_field.field.required and not has_blank and chosen is None and current == ""
    # With a single possible answer (the household's one member, the team's one
    # sub-project) there is nothing to choose, so nothing is chosen silently.
    if unmade and len(options) == 1:
        options[0] = (options[0][0], options[0][1], True)
    elif unmade:
        options.insert(0, ("", CHOOSE, True))
    return options


# The inputs `form_field` builds itself; anything else goes through core/field.html.
_PLAIN_INPUTS = {"text", "number", "email", "tel", "url", "date", "password"}


def _kind(widget) -> str | None:
    """ "select", "input" or None (left to the template), as core/field.html decides."""
    input_type = getattr(widget, "input_type", None)
    if input_type == "select" or widget.template_name == "django/forms/widgets/select.html":
        return "select"
    if input_type in _PLAIN_INPUTS and widget.template_name not in (
        "django/forms/widgets/textarea.html",
    ):
        return "input"
    return None


@register.simple_tag
def form_field(bound_field):
    """The same HTML as `{% include "core/field.html" with field=... %}`, built in Python
    for the two kinds of field a long form repeats (a select, a text-like input): the
    meeting agenda shows 50 rows of three fields, and 150 includes were most of its
    rendering. Any other widget, or a field that needs the include's context (an
    `autocomplete`), goes through the template. Every value is escaped here as the
    template would; tests/core/test_form_field.py keeps the two outputs equal."""
    widget = bound_field.field.widget
    kind = _kind(widget)
    if kind is None:
        return render_to_string("core/field.html", {"field": bound_field})
    field_id = escape(bound_field.id_for_label)
    auto_id = escape(bound_field.auto_id)
    errors = bound_field.errors
    help_text = bound_field.help_text
    required = (
        '<span class="visually-required" aria-hidden="true"> *</span>'
        if bound_field.field.required
        else ""
    )
    html = [
        f'<div class="ds-field">\n  <label class="ds-label" for="{field_id}">'
        f"{conditional_escape(bound_field.label)}{required}</label>\n  "
    ]
    if help_text:
        html.append(
            f'<div class="ds-paragraph" data-size="sm" id="{auto_id}_help">'
            f"{conditional_escape(help_text)}</div>"
        )
    invalid = f' aria-invalid="true" aria-describedby="{auto_id}_error"' if errors else ""
    name = escape(bound_field.html_name)
    if kind == "select":
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>'
            f"{conditional_escape(label)}</option>"
            for value, label, selected in choice_options(bound_field)
        )
        html.append(
            f'\n  <select class="ds-input" name="{name}" id="{field_id}"{invalid}>'
            f"\n    {options}\n  </select>"
        )
    else:
        value = bound_field.value()
        attrs = ""
        if widget.input_type != "password" and value is not None:
            attrs += f' value="{conditional_escape(localize(value))}"'
        if widget.attrs.get("inputmode"):
            attrs += f' inputmode="{escape(widget.attrs["inputmode"])}"'
        if errors:
            attrs += invalid
        elif help_text:
            attrs += f' aria-describedby="{auto_id}_help"'
        html.append(
            f'\n  <input class="ds-input" type="{escape(widget.input_type)}" name="{name}" '
            f'id="{field_id}"{attrs}>'
        )
    if errors:
        messages = " ".join(conditional_escape(error) for error in errors)
        html.append(
            f'\n  <div class="ds-validation-message" data-field="validation" '
            f'id="{auto_id}_error">{messages}</div>'
        )
    html.append("\n</div>\n")
    # Every piece above is a constant or went through escape()/conditional_escape().
    return mark_safe("".join(html))  # noqa: S308


@register.simple_tag(takes_context=True)
def error_summary(context, named: bool = True) -> list[dict]:
    """`{% error_summary as items %}`: the entries of core/form_errors.html's list, the
    page's own `summary` if it gives one (a page of several forms or rows), else every
    field error of `form`, each a link to its field (core.forms.summary_items), so each
    entry takes the user to what it is about (WCAG 3.3.1, the ErrorSummary pattern).

    Each entry names its field; `named=False` for a citizen's questions, whose every
    message is the question's own ("Velg ja, delvis eller nei.") in the citizen's
    language, not prefixed with a label from the staff catalogue."""
    summary = context.get("summary")
    if summary:
        return summary
    form = context.get("form")
    if not hasattr(form, "visible_fields") or not form.is_bound or not form.errors:
        return []
    return summary_items(form, name=None if named else str)


@register.filter
def input_value(bound):
    """`{{ field|input_value }}`: a field's value as its widget writes it into the input.

    A date as the widget's format (ISO for a date input, which is what a date input
    and the form read back), not as the page writes dates ("1. desember 2026", which
    the same field then refused: the trial's unit-cost version); anything else as
    `{{ field.value }}` wrote it."""
    value = bound.value()
    if isinstance(value, datetime.date):
        return bound.field.widget.format_value(value)
    return value
