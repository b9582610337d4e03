"""Numbers typed into any form read as people in Norway type them: "10 000" is ten
thousand, and "10.000" (ten thousand to a Norwegian) is refused with a Norwegian reason,
never read as ten without a word (the trial: the outside account's "deltakere 10.000"
became 10 participants). Over-long input gets a Norwegian "too long", not Django's
"at most N characters"."""

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

import samskap
from samskap.core.errors import DomainError
from samskap.core.numbers import TypedDecimalField, TypedIntegerField, TypedNumberField
from samskap.effects import values
from samskap.effects.models import IndicatorKind
from samskap.outside_account import live
from samskap.outside_account.forms import ScenarioForm
from samskap.oversight import time_to_help_services
from samskap.subprojects.models import SubProject

DOTTED = "Skriv tusener med mellomrom, for eksempel 10 000, og desimaler etter komma."
DOTTED_WHOLE = "Skriv tusener med mellomrom, for eksempel 10 000."
TOO_LONG = "Det er for langt til å være et tall."


def _form_classes():
    """Every form class of Samskap's `forms` modules."""
    for module_info in pkgutil.walk_packages(samskap.__path__, "samskap."):
        if "forms" not in module_info.name.rsplit(".", 1)[-1]:
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_no_form_reads_a_typed_number_with_djangos_own_fields():
    """Django's IntegerField reads "10.000" as 10 and its DecimalField as 10.000: every
    number a person types goes through core.numbers instead (a hidden id is not typed)."""
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        and not isinstance(field, TypedIntegerField | TypedDecimalField)
        and not isinstance(field.widget, forms.HiddenInput)
    ]
    assert plain == []


class Numbers(forms.Form):
    whole = TypedIntegerField(min_value=1, max_value=100000, required=False)
    year = TypedIntegerField(min_value=1900, max_value=2200, required=False)
    share = TypedDecimalField(min_value=0, max_value=100, decimal_places=1, required=False)
    amount = TypedDecimalField(max_digits=12, decimal_places=2, required=False)
    text = TypedNumberField(required=False)


def _errors(**data) -> dict:
    with translation.override("nb"):
        form = Numbers(data=data)
        form.is_valid()
        return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@pytest.mark.parametrize("name", ["share", "amount", "text"])
def test_dotted_thousands_are_refused_with_the_reason(name):
    assert _errors(**{name: "10.000"}) == {name: [DOTTED]}


def test_a_whole_number_field_speaks_of_no_decimals():
    """The trial: "1e30" got "e.g. 3 or 2,5", and 2,5 then "Enter a whole number"."""
    assert _errors(whole="10.000") == {"whole": [DOTTED_WHOLE]}
    assert _errors(whole="1e30") == {"whole": ["Skriv et helt tall, for eksempel 3."]}
    assert _errors(whole="2,5") == {"whole": ["Skriv et helt tall, for eksempel 3."]}
    assert _errors(share="1e30") == {"share": ["Skriv et tall, for eksempel 3 eller 2,5."]}
    with translation.override("nb"):
        days = type("Days", (forms.Form,), {"days": TypedNumberField(inputmode="numeric")})(
            data={"days": "1e30"}
        )
        assert not days.is_valid()
        assert [str(m) for m in days.errors["days"]] == ["Skriv et helt tall, for eksempel 3."]


@pytest.mark.parametrize("typed", ["10 000", "10\u00a0000", "10000"])
def test_thousands_with_a_space_are_ten_thousand(typed):
    form = Numbers(data={"whole": typed, "amount": typed, "text": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["whole"] == 10000
    assert form.cleaned_data["amount"] == Decimal(10000)
    assert form.cleaned_data["text"] == typed


@pytest.mark.parametrize("name", ["whole", "share", "amount", "text"])
def test_over_long_input_is_too_long_in_norwegian(name):
    assert _errors(**{name: "9" * 150}) == {name: [TOO_LONG]}


def test_limits_are_written_as_people_write_them():
    assert _errors(whole="100 001") == {"whole": ["Skriv høyst 100\u00a0000."]}
    assert _errors(whole="0") == {"whole": ["Skriv minst 1."]}
    assert _errors(year="1899") == {"year": ["Skriv minst 1900."]}
    assert _errors(share="12,25") == {"share": ["Bruk høyst én desimal."]}
    assert _errors(amount="9" * 11) == {
        "amount": ["Tallet er for stort: høyst 9\u00a0999\u00a0999\u00a0999."]
    }


def test_the_trials_outside_account_participants_are_refused_not_read_as_ten():
    data = dict(live.DEFAULT_SETTINGS, participants="10.000", successes="8")
    data = {key: ("" if value is None else value) for key, value in data.items()}
    with translation.override("nb"):
        form = ScenarioForm(data, target_groups=[], indicators=[])
        form.is_valid()
        assert [str(m) for m in form.errors["participants"]] == [DOTTED_WHOLE]
    data["participants"] = "10 000"
    form = ScenarioForm(data, target_groups=[], indicators=[])
    form.is_valid()
    assert form.cleaned_data["participants"] == 10000


@pytest.mark.django_db
def test_the_outside_account_page_says_why(demo, client_for):
    veien = SubProject.objects.get(name=live.THESIS_SUBPROJECT)
    response = client_for("okonom").get(
        reverse("outside_account:scenario", args=[veien.pk]),
        {"outcome": "entered", "participants": "10.000", "successes": "8"},
    )
    assert DOTTED_WHOLE in response.content.decode()
    assert response.context["computed"] is None


@pytest.mark.parametrize("kind", list(IndicatorKind))
def test_an_indicator_value_of_ten_dot_thousand_is_refused(kind):
    with translation.override("nb"):
        with pytest.raises(DomainError) as error:
            values.outcome_value(kind, "10.000")
        # The message is lazy: read it in the language it is shown in.
        assert str(error.value.message) == DOTTED


def test_an_indicator_count_of_ten_thousand_with_a_space_is_read():
    assert values.outcome_value(IndicatorKind.COUNT, "10 000") == Decimal(10000)


@pytest.mark.parametrize("typed", ["1.000", "1.000,5", "١٢٣", "1e3"])
def test_time_to_help_numbers_are_never_misread(typed):
    with translation.override("nb"), pytest.raises(DomainError):
        time_to_help_services._number(
            typed,
            field="ordinary_days",
            places=0,
            low=Decimal(1),
            high=Decimal(365),
            message="x",
        )


def test_time_to_help_says_why_ten_dot_thousand_is_refused():
    with translation.override("nb"):
        with pytest.raises(DomainError) as error:
            time_to_help_services._number(
                "1.000", field="f", places=2, low=Decimal(0), high=Decimal(10**6), message="x"
            )
        assert str(error.value.message) == DOTTED


def test_a_year_or_an_age_is_not_told_to_write_thousands_with_a_space():
    """The trial: a birth year of "2.010" got "Skriv tusener med mellomrom, for eksempel
    10 000.", a number no year has. A field whose limit is below 10 000 says to write a
    whole number; a field of larger numbers still explains the thousands."""
    with translation.override("nb"):
        year = type("Year", (forms.Form,), {"year": TypedIntegerField(max_value=2200)})
        large = type("Large", (forms.Form,), {"count": TypedIntegerField(max_value=100_000)})
        form = year(data={"year": "2.010"})
        assert not form.is_valid()
        assert [str(m) for m in form.errors["year"]] == ["Skriv et helt tall, for eksempel 3."]
        form = large(data={"count": "10.000"})
        assert not form.is_valid()
        assert [str(m) for m in form.errors["count"]] == [DOTTED_WHOLE]


def test_a_year_field_gives_a_year_as_its_example():
    """The trial: "abc" as a birth year (and as the year of unit figures) was answered
    "Skriv et helt tall, for eksempel 3."; a year field's example is this year."""
    from django.utils import timezone

    from samskap.oversight.time_to_help_forms import UnitIndicatorForm
    from samskap.people.forms import MemberForm

    expected = f"Skriv årstallet med fire sifre, for eksempel {timezone.localdate().year}."
    with translation.override("nb"):
        for typed in ("abc", "2.010", "1985,5"):
            member = MemberForm(data={"name": "A", "role": "parent", "birth_year": typed})
            assert not member.is_valid()
            assert [str(m) for m in member.errors["birth_year"]] == [expected], typed
        units = UnitIndicatorForm(data={"year": "abc", "quarter": "1"})
        assert not units.is_valid()
        assert [str(m) for m in units.errors["year"]] == [expected]
        # A whole number that is not a year keeps the whole-number example.
        ages = type("Ages", (forms.Form,), {"age": TypedIntegerField(max_value=24)})(
            data={"age": "abc"}
        )
        assert not ages.is_valid()
        assert [str(m) for m in ages.errors["age"]] == ["Skriv et helt tall, for eksempel 3."]


def test_an_amount_in_kroner_is_answered_as_every_amount_field():
    """The trial: the unit cost's kroner field said "Skriv et tall, for eksempel 3 eller
    2,5", every other kroner field "Skriv et beløp i kroner, for eksempel 1500 eller
    1500,50"."""
    from samskap.outside_account.forms import UnitCostForm

    with translation.override("nb"):
        form = UnitCostForm(data={"amount": "abc"})
        assert not form.is_valid()
        assert [str(m) for m in form.errors["amount"]] == [
            "Skriv et beløp i kroner, for eksempel 1500 eller 1500,50."
        ]
