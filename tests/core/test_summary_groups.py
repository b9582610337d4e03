"""An error summary's link to a group of checkboxes or radio buttons lands on the group
(its fieldset, which can take focus), not on the first choice: on a phone the first box
scrolled the group's question (legend) and its error out of view (the meeting page's
"Registrer hvilke tjenester …"). One mechanism for every form: `summary_items` links each
field's error to the field's `auto_id`, and the shared group templates give the fieldset
that id."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from samskap.core.forms import summary_items


class Groups(forms.Form):
    services = forms.MultipleChoiceField(
        label="Which services?",
        choices=[("nav", "NAV"), ("school", "School")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the services."},
    )
    helped = forms.ChoiceField(
        label="Did it help?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the question."},
    )
    note = forms.CharField(label="Note", error_messages={"required": "Write a note."})
    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "No token."})


@pytest.mark.parametrize(
    ("name", "template"),
    [("services", "core/checkboxes.html"), ("helped", "surveys/_radios.html")],
)
def test_a_groups_summary_link_goes_to_its_fieldset_with_the_question_and_the_error(name, template):
    form = Groups(data={})
    assert not form.is_valid()
    (item,) = [
        item for item in summary_items(form) if item["message"].endswith(form.errors[name][0])
    ]
    html = render_to_string(template, {"field": form[name]})
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert f'id="{item["anchor"]}"' in fieldset
    assert 'tabindex="-1"' in fieldset  # the link moves focus to the group
    assert item["anchor"] == form[name].auto_id
    # Not a choice's id: the link used to land on "id_services_0".
    assert not re.search(rf'<input[^>]*id="{item["anchor"]}"', html)
    inside = html.split(fieldset, 1)[1].split("</fieldset>", 1)[0]
    assert form[name].label in inside.split("</legend>", 1)[0]
    assert form.errors[name][0] in inside


def test_every_visible_field_is_in_the_summary_in_order_and_the_hidden_token_is_not():
    form = Groups(data={})
    form.is_valid()
    assert [item["anchor"] for item in summary_items(form)] == [
        "id_services",
        "id_helped",
        "id_note",
    ]
    named = summary_items(form, name=lambda message: f"X: {message}")
    assert named[2]["message"] == "X: Write a note."


def test_each_entry_names_its_field_and_on_a_page_of_rows_its_row():
    """ "Feltet er påkrevet." twice said nothing of which two fields it was about."""
    form = Groups(data={})
    form.is_valid()
    with translation.override("en"):
        assert [item["message"] for item in summary_items(form)] == [
            "Which services: Tick the services.",
            "Did it help: Answer the question.",
            "Note: Write a note.",
        ]
        assert summary_items(form, row=2)[2]["message"] == "Note, row 2: Write a note."
    with translation.override("nb"):
        assert summary_items(form, row=2)[2]["message"] == "Note, rad 2: Write a note."
