"""`{% form_field %}` (built in Python for the meeting agenda's 50 rows) writes the same
HTML as `{% include "core/field.html" %}` for every kind of field it builds, bound or not,
with or without errors, help text and a required mark; other widgets go through the
include itself."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase

from samskap.support.forms import DecisionRowForm


class Sample(forms.Form):
    choice = forms.ChoiceField(label="Kind <b>", choices=[("a", "A & B"), ("b", "B")])
    optional_choice = forms.ChoiceField(
        label="Maybe", choices=[("", "---------"), ("x", "X")], required=False
    )
    text = forms.CharField(label="Name", help_text='Say "who" <i>', max_length=20)
    number = forms.IntegerField(label="How many", required=False)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    decimal = forms.CharField(
        label="Amount", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    tick = forms.BooleanField(label="Tick", required=False)
    query = forms.CharField(
        label="Search", required=False, max_length=30, widget=forms.TextInput({"type": "search"})
    )


INCLUDE = Template('{% include "core/field.html" with field=field %}')
TAG = Template("{% load samskap %}{% form_field field %}")

BOUND = {
    "choice": "b",
    "optional_choice": "",
    "text": '<script>"x"</script>',
    "number": "zwölf",
    "secret": "hunter2",
    "email": "not an address",
    "decimal": "12,50",
    "notes": "a\nb",
    "tick": "on",
    "query": "ali",
}


def _both(bound_field) -> tuple[str, str]:
    context = Context({"field": bound_field})
    return INCLUDE.render(context), TAG.render(context)


class FormFieldTests(SimpleTestCase):
    def assert_same(self, form):
        for name in form.fields:
            with self.subTest(field=name, bound=form.is_bound):
                included, built = _both(form[name])
                self.assertHTMLEqual(built, included)
                self.assertIn(f'id="id_{name}"', built)

    def test_unbound_fields_are_the_same_as_the_include(self):
        self.assert_same(Sample())

    def test_bound_fields_with_errors_are_the_same_as_the_include(self):
        form = Sample(BOUND)
        self.assertFalse(form.is_valid())
        self.assertTrue(form["number"].errors)
        self.assert_same(form)

    def test_a_missing_required_choice_shows_its_error_the_same_way(self):
        form = Sample({})
        self.assertFalse(form.is_valid())
        self.assertTrue(form["choice"].errors)
        self.assert_same(form)
        _included, built = _both(form["choice"])
        self.assertIn('aria-invalid="true"', built)
        self.assertIn('<option value="" selected>', built)

    def test_values_and_labels_are_escaped(self):
        form = Sample(BOUND)
        form.is_valid()
        _included, built = _both(form["text"])
        self.assertIn('value="&lt;script&gt;&quot;x&quot;&lt;/script&gt;"', built)
        self.assertNotIn("<script>", built)
        _included, built = _both(form["choice"])
        self.assertIn("Kind &lt;b&gt;", built)
        self.assertIn("A &amp; B", built)


@pytest.mark.parametrize(
    "data",
    [None, {}, {"r7-outcome": "approved", "r7-amount": "", "r7-rationale": "Ok"}],
    ids=["unbound", "empty", "approved"],
)
def test_the_agenda_row_is_the_same_as_the_include(data):
    form = DecisionRowForm(data, prefix="r7")
    if data is not None:
        form.is_valid()
    for name in ("outcome", "amount", "rationale"):
        included, built = _both(form[name])
        SimpleTestCase().assertHTMLEqual(built, included)


def test_an_amount_without_a_decision_shows_its_error_on_the_agenda_row():
    form = DecisionRowForm({"r7-outcome": "", "r7-amount": "500"}, prefix="r7")
    assert not form.is_valid()
    included, built = _both(form["outcome"])
    SimpleTestCase().assertHTMLEqual(built, included)
    # "Ikke nå" is a choice; the amount is what has no use there, so it is marked.
    included, built = _both(form["amount"])
    SimpleTestCase().assertHTMLEqual(built, included)
    assert 'id="id_r7-amount_error"' in built
    assert 'value="500"' in built


def test_agenda_rows_copy_their_fields_as_django_would():
    """The agenda's rows copy their fields with shallow copies (issue 14: deepcopy was
    three quarters of building fifty rows): the same HTML as Django's own deep copy, and
    still one field, widget and attrs of its own per form."""

    class DeepCopied(DecisionRowForm):  # the metaclass gives it a plain dict of fields
        pass

    assert type(DeepCopied.base_fields) is dict
    for data in (None, {"r3-outcome": "", "r3-amount": "500"}, {"r3-outcome": "approved"}):
        fast, plain = DecisionRowForm(data, prefix="r3"), DeepCopied(data, prefix="r3")
        if data is not None:
            assert fast.is_valid() == plain.is_valid()
        SimpleTestCase().assertHTMLEqual(str(fast), str(plain))
    one, other = DecisionRowForm(prefix="r1"), DecisionRowForm(prefix="r2")
    one.fields["amount"].widget.attrs["data-changed"] = "1"
    one.fields["outcome"].widget.choices.append(("x", "x"))
    one.fields["rationale"].validators.append(lambda value: None)
    assert "data-changed" not in other.fields["amount"].widget.attrs
    assert "data-changed" not in DecisionRowForm.base_fields["amount"].widget.attrs
    assert ("x", "x") not in other.fields["outcome"].widget.choices
    assert len(other.fields["rationale"].validators) == len(
        DecisionRowForm.base_fields["rationale"].validators
    )
    assert one.fields["outcome"] is not other.fields["outcome"]
    assert one.fields["outcome"].widget is not other.fields["outcome"].widget


def test_an_amount_field_keeps_its_maxlength_for_typing_but_leaves_the_length_to_the_money_check():
    """A longer amount is not refused with Django's count of characters: the service's
    parse_amount says it is too large, with the rest of the page's problems."""
    from django import forms as django_forms

    from samskap.core.forms import AmountField

    class Amount(django_forms.Form):
        amount = AmountField(label="Amount (NOK)")

    form = Amount(data={"amount": "1" * 21})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == "1" * 21
    assert form.fields["amount"].widget_attrs(form.fields["amount"].widget)["maxlength"] == "20"
    assert 'inputmode="decimal"' in str(form["amount"])
