"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from samskap.core.errors import DomainError
from samskap.core.text import is_digits

# The example in every account-number hint: a valid MOD11 number that belongs to no demo
# household, supplier or programme account (an example must never be someone's account).
ACCOUNT_EXAMPLE = "1503.27.00028"


def _account_hint() -> str:
    return gettext("Eleven digits, e.g. %(example)s.") % {"example": ACCOUNT_EXAMPLE}


ACCOUNT_HINT = lazy(_account_hint, str)()

# Django's Norwegian "Oppgi en gyldig e-postadresse" has no full stop and no example.
EMAIL_INVALID = gettext_lazy("Enter a valid e-mail address, e.g. name@example.no.")


def own_query(query, form_class):
    """`query` when it carries at least one of `form_class`'s own fields, else None: a
    GET form counts as sent only with its fields. A link with a tracking tag
    (?utm_source=mail) or a page number bound the form and refused its required fields
    with 400 (the trial); without its fields the page shows its defaults."""
    names = set(form_class.base_fields)
    return query if any(key in names for key in query) else None


def passed_fields(form: forms.Form, names=None) -> dict:
    """The cleaned values of a refused form's fields that passed it (all of them, or
    those in `names`): what a service's read-only `<action>_check` is given, so its
    problems come in the same answer as the form's own (docs/architecture.md)."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if not form.has_error(name) and (names is None or name in names)
    }


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form: every problem
    of it (`problems`, core.errors.Problems), so all of them come in one answer."""
    add_problems(form, getattr(error, "problems", None) or [error])


def add_problems(form: forms.Form, problems) -> None:
    """Put each of a service's problems on the field it names, or above the form.

    A field the form refused already keeps its own message (the service's check of it
    says the same or depends on it), and a message above the form is shown once."""
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        if field is not None and form.has_error(field):
            continue
        if field is None and str(problem.message) in map(str, form.non_field_errors()):
            continue
        form.add_error(field, problem.message)


class AmountField(forms.CharField):
    """An amount in kroner as people type it ("1 500,50"), read by the service with
    `core.money.parse_amount`, which says what is wrong with it in money terms.

    `max_length` only helps typing. A longer value sent anyway (a crafted post) is not
    refused here with Django's "at most 20 characters": it goes on to `parse_amount`, which
    answers that the amount is too large (and what the largest is) or not an amount in
    kroner, in the user's language, together with the page's other problems: a meeting
    row refused by its form was never checked by the service, so its missing reason
    showed only on the next try."""

    def __init__(self, *, max_length: int = 20, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, MaxLengthValidator)
        ]


# The largest key a PostgreSQL bigint (and a SQLite integer) holds.
MAX_KEY = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that a key no database integer can hold is an invalid choice.

    Django 5 answers an out-of-range exact lookup with no rows, but the `pk__in` lookup of
    this field reaches the database and fails there (OverflowError on SQLite): a posted
    "99999999999999999999" answered 500. Every multiple model choice in Samskap uses this.
    """

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for key in value:
                digits = str(key).strip().removeprefix("-")
                if is_digits(digits) and int(digits) > MAX_KEY:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": digits[:20]},
                    )
        return super()._check_values(value)


def field_name(bound, *, row: int | None = None) -> str:
    """What a summary entry calls a field: its label ("Beløp (NOK)"), on a page of rows
    with the row's number ("Beløp (NOK), rad 2"), so "Feltet er påkrevet." twice says
    which two fields it is about."""
    label = str(bound.label or "").strip().rstrip(":?")
    if row is None:
        return label
    if not label:
        return gettext("row %(row)s") % {"row": row}
    return gettext("%(field)s, row %(row)s") % {"field": label, "row": row}


def named_message(name: str, message) -> str:
    """'Beløp (NOK): Skriv et beløp i kroner …': a summary entry that names its field."""
    if not name:
        return str(message)
    return gettext("%(field)s: %(message)s") % {"field": name, "message": message}


def summary_items(form: forms.Form, *, name=None, row: int | None = None) -> list[dict]:
    """Every error of `form`'s visible fields, in the form's order, as items of the shared
    error summary (core/form_errors.html): the message, named by the field's label (and
    `row`, the row's number on a page of rows) or through `name` if given, and the id
    its link goes to.

    That id is the field's `auto_id`: an input's own id, or for a group of checkboxes or
    radio buttons the id of its fieldset (core/checkboxes.html, surveys/_radios.html),
    which can take focus. A link to the first box scrolled the group's question and its
    error out of view on a phone; the group brings both into view and focuses it."""
    return [
        {
            "message": name(message)
            if name
            else named_message(field_name(bound, row=row), message),
            "anchor": bound.auto_id,
        }
        for bound in form.visible_fields()
        for message in bound.errors
    ]


def summary_of(*parts, name=None) -> list[dict]:
    """`summary_items` of every form of a page of several forms and formsets (None for a
    form the page does not show), in the page's order: a formset's rows one by one, each
    entry with its row's number (or each message through `name`, if given)."""
    items = []
    for part in parts:
        if part is None:
            continue
        if hasattr(part, "forms"):
            for number, form in enumerate(part.forms, start=1):
                items += summary_items(form, name=name, row=number)
        else:
            items += summary_items(part, name=name)
    return items
