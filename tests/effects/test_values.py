"""What a value of each indicator kind may be (effects/values.py), through the pages staff
type them in: a number too large for its kind gets "too large" with the limit, never a
message about its form, and nothing is stored (issue #11's trial: twenty nines)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.core.money import MAX_AMOUNT
from samskap.effects import services, values
from samskap.effects.models import (
    Indicator,
    IndicatorKind,
    Outcome,
    Participant,
    ParticipantGroup,
)
from samskap.effects.models.goals import VALUE_DIGITS

VEIEN = "Veien til førerkortet"
NINES = "9" * 20  # the trial's value
# The reason for each kind, naming its limit.
TOO_LARGE = {
    IndicatorKind.COUNT: "Tallet er for stort: høyst 999\xa0999\xa0999.",
    IndicatorKind.AMOUNT: "Beløpet er for stort: høyst 999\xa0999\xa0999,99\u00a0kr.",
    IndicatorKind.SCALE: "fra 1 til 5",
    IndicatorKind.ACHIEVED: "1",
}
TARGET_TOO_LARGE = {
    **TOO_LARGE,
    IndicatorKind.SCALE: "mellom 1 og 5",
    IndicatorKind.ACHIEVED: "0 til 100 %",
}


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


@pytest.fixture
def participant(veien):
    return (
        Participant.objects.filter(subproject=veien, group=ParticipantGroup.PARTICIPANT)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def comparison(veien, participant):
    """A comparison person (waiting list): their values go through the same rules."""
    return services.participant_enrol(
        acting_user=None,
        subproject=veien,
        member=participant.member,
        starts_on=veien.agreement.starts_on,
        ends_on=veien.agreement.starts_on + datetime.timedelta(days=10),
        group=ParticipantGroup.WAITING_LIST,
    )


def _indicator(veien, kind) -> Indicator:
    goal = services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title=f"Mål {kind}"
    )
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        name=f"Indikator {kind}",
        kind=kind,
        target="1",
        measured_when="Ved slutt",
        measured_how="Samtale",
        recorded_by="team",
    )


def _text(response) -> str:
    return response.content.decode()


def test_the_limit_lies_below_what_the_value_columns_hold():
    """The form and the service refuse before the database would overflow."""
    for field in ("target", "baseline_value"):
        assert Indicator._meta.get_field(field).max_digits == VALUE_DIGITS
    assert Outcome._meta.get_field("value").max_digits == VALUE_DIGITS
    largest_column = Decimal(10) ** (VALUE_DIGITS - 2) - Decimal("0.01")
    assert values.MAX_COUNT < MAX_AMOUNT < largest_column


@pytest.mark.parametrize("kind", list(IndicatorKind))
def test_the_issue_case_twenty_nines_as_an_outcome_is_too_large(
    client_for, veien, participant, kind
):
    indicator = _indicator(veien, kind)
    response = client_for("kontakt").post(
        reverse("effects:participant", args=[participant.pk]),
        {
            "action": "outcome",
            "indicator": indicator.pk,
            "value": NINES,
            "measured_on": timezone.localdate().isoformat(),
            "source": "staff_observation",
        },
    )
    assert response.status_code == 400
    assert TOO_LARGE[kind] in _text(response)
    assert "Skriv et tall" not in _text(response)
    assert not Outcome.objects.filter(indicator=indicator).exists()


@pytest.mark.parametrize("kind", [IndicatorKind.COUNT, IndicatorKind.AMOUNT])
@pytest.mark.parametrize("typed", [NINES, "1000000000", "99999999999999999999,5", "9" * 40])
def test_every_too_large_count_or_amount_says_so(kind, typed):
    with pytest.raises(values.DomainError) as error:
        values.outcome_value(kind, typed)
    assert "for stort" in str(error.value.message) or "too large" in str(error.value.message)


@pytest.mark.parametrize("typed", ["1e30", "10.000", "١٢٣"])
def test_what_no_one_types_as_a_number_is_refused(typed):
    """Python reads "1e30" and "١٢٣", and "10.000" as ten: core.numbers reads neither."""
    with pytest.raises(values.DomainError):
        values.outcome_value(IndicatorKind.COUNT, typed)


def test_the_largest_count_and_amount_are_accepted():
    assert values.outcome_value(IndicatorKind.COUNT, "999 999 999") == Decimal("999999999")
    assert values.outcome_value(IndicatorKind.AMOUNT, "999999999,99") == MAX_AMOUNT


@pytest.mark.parametrize("kind", list(IndicatorKind))
@pytest.mark.parametrize("field", ["target", "baseline_value"])
def test_twenty_nines_as_a_target_or_baseline_is_too_large(client_for, veien, kind, field):
    goal = services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Stort"
    )
    form = {
        "name": "Stor",
        "kind": kind,
        "target": "1",
        "direction": "higher",
        "baseline_value": "1",
        "baseline_date": veien.agreement.starts_on.isoformat(),
        "measured_when": "Ved slutt",
        "measured_how": "Samtale",
        "recorded_by": "team",
        field: NINES,
    }
    response = client_for("leder").post(reverse("effects:indicator_create", args=[goal.pk]), form)
    assert response.status_code == 400
    assert TARGET_TOO_LARGE[kind] in _text(response)
    assert not goal.indicators.exists()


@pytest.mark.parametrize("kind", [IndicatorKind.COUNT, IndicatorKind.AMOUNT])
def test_a_correction_and_a_comparison_value_get_the_same_reason(
    client_for, veien, participant, comparison, kind
):
    indicator = _indicator(veien, kind)
    client = client_for("kontakt")
    day = timezone.localdate().isoformat()
    outcome = services.outcome_record(
        acting_user=None,
        participant=participant,
        indicator=indicator,
        value="1",
        measured_on=timezone.localdate(),
        source="register",
    )
    corrected = client.post(
        reverse("effects:outcome_correct", args=[outcome.pk]),
        {"value": NINES, "measured_on": day, "source": "register", "reason": "Feil tast"},
    )
    assert corrected.status_code == 400
    assert TOO_LARGE[kind] in _text(corrected)
    measured = comparison.starts_on.isoformat()
    compared = client.post(
        reverse("effects:participant", args=[comparison.pk]),
        {
            "action": "outcome",
            "indicator": indicator.pk,
            "value": NINES,
            "measured_on": measured,
            "source": "register",
        },
    )
    assert compared.status_code == 400
    assert TOO_LARGE[kind] in _text(compared)
    assert Outcome.objects.filter(indicator=indicator).count() == 1


def test_a_number_longer_than_the_field_is_still_too_large(client_for, veien, participant):
    """Forty nines are a number too: the reason is its size, not its length."""
    indicator = _indicator(veien, IndicatorKind.COUNT)
    response = client_for("kontakt").post(
        reverse("effects:participant", args=[participant.pk]),
        {
            "action": "outcome",
            "indicator": indicator.pk,
            "value": "9" * 40,
            "measured_on": timezone.localdate().isoformat(),
            "source": "staff_observation",
        },
    )
    assert response.status_code == 400
    assert TOO_LARGE[IndicatorKind.COUNT] in _text(response)
