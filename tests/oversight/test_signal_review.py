"""Reviewing a signal: the lead of its sub-project or the economist, never someone it is
about, never a lead of another sub-project; the outcome is audited, the note is not.
Thresholds: the economy's page, nonsense refused with nothing changed. Both pages run a
fixed number of queries whatever the data size."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.oversight.models import SignalReview, SignalThresholds
from samskap.oversight.services import signal_review_record, signal_thresholds_update
from tests.oversight.signal_factories import SUBPROJECT, household, support, year
from tests.support.factories import set_limits


@pytest.fixture
def outside(demo):
    """A 30-year-old's household given support in Stødig start (ages 16–23), decided by a
    team member: the lead and the economist had no hand in it."""
    home = household(demo, alias="Utenfor", birth_year=year() - 30)
    support(demo, home, decider="nav.berg")
    return home, f"target-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{year()}"


def url(key: str, signal_year=None) -> str:
    query = urlencode({"signal": key, "aar": signal_year or year()})
    return f"{reverse('oversight:signal')}?{query}"


def test_the_lead_reviews_a_signal_of_their_sub_project(demo, client_for, outside):
    home, key = outside
    client = client_for("leder")
    page = client.get(url(key)).content.decode()
    assert "ikke en anklage" in page and home.alias in page
    response = client.post(
        reverse("oversight:signal"),
        {
            "signal": key,
            "aar": year(),
            "outcome": "fine",
            "note": "Storebror søkte for lillesøster.",
        },
    )
    assert response.status_code == 302
    review = SignalReview.objects.get(key=key)
    assert (review.outcome, review.reviewed_by) == ("fine", demo["users"]["leder"])
    audit = AuditRecord.objects.get(action="signal.review", object_id=str(review.pk))
    assert audit.new_values["outcome"] == "fine" and audit.new_values["signal"] == key
    assert "Storebror" not in str(audit.new_values)
    listing = client.get(reverse("oversight:signals")).content.decode()
    assert "Gjennomgått" in listing and "I orden" in listing


def test_a_lead_of_another_sub_project_gets_404_and_a_refusal(demo, client_for, outside):
    _home, key = outside
    client = client_for("skole.dahl")
    assert client.get(url(key)).status_code == 404
    response = client.post(
        reverse("oversight:signal"), {"signal": key, "aar": year(), "outcome": "fine", "note": "x"}
    )
    assert response.status_code == 404
    with pytest.raises(NotFoundOrForbidden):
        signal_review_record(
            acting_user=demo["users"]["skole.dahl"], key=key, year=year(), outcome="fine", note="x"
        )
    assert not SignalReview.objects.filter(key=key).exists()
    assert key not in client.get(reverse("oversight:signals")).content.decode()


@pytest.mark.parametrize("who", ["kontakt", "team", "stat"])
def test_contact_persons_team_members_and_the_state_see_no_signals(demo, client_for, outside, who):
    _home, key = outside
    client = client_for(who)
    assert client.get(reverse("oversight:signals")).status_code == 404
    assert client.get(url(key)).status_code == 404


def test_the_economist_reviews_but_does_not_see_the_household(demo, client_for, outside):
    home, key = outside
    client = client_for("okonom")
    page = client.get(url(key)).content.decode()
    assert home.alias not in page
    assert "1 husstand du ikke kan åpne" in page
    response = client.post(
        reverse("oversight:signal"),
        {"signal": key, "aar": year(), "outcome": "follow_up", "note": "Avklares med lederen."},
    )
    assert response.status_code == 302
    assert SignalReview.objects.get(key=key).outcome == "follow_up"


def test_nobody_reviews_a_signal_about_themselves(demo, client_for):
    set_limits(demo, per_decision="10000", per_year="30000")
    home = household(demo)
    first = support(demo, home, amount="8000", day=0)
    support(demo, home, amount="7000", day=3)
    key = f"split-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{first.pk}"
    with pytest.raises(DomainError) as refused:
        signal_review_record(
            acting_user=demo["users"]["leder"], key=key, year=year(), outcome="fine", note="OK"
        )
    assert "gjelder deg" in str(refused.value.message)
    assert "gjelder deg" in client_for("leder").get(url(key)).content.decode()
    signal_review_record(
        acting_user=demo["users"]["okonom"], key=key, year=year(), outcome="report", note="Meldt"
    )
    assert SignalReview.objects.filter(key=key).count() == 1


@pytest.mark.parametrize(
    ("outcome", "note", "message"),
    [
        ("", "Notat", "Velg et utfall"),
        ("maybe", "Notat", "Velg et utfall"),
        ("fine", "   ", "notat"),
    ],
)
def test_a_review_without_outcome_or_note_is_refused(
    demo, client_for, outside, outcome, note, message
):
    _home, key = outside
    response = client_for("leder").post(
        reverse("oversight:signal"),
        {"signal": key, "aar": year(), "outcome": outcome, "note": note},
    )
    assert response.status_code == 400
    assert not SignalReview.objects.filter(key=key).exists()
    with pytest.raises(DomainError):
        signal_review_record(
            acting_user=demo["users"]["leder"], key=key, year=year(), outcome=outcome, note=note
        )


@pytest.mark.parametrize("value", ["1999", "abc", "99999999999999999999", "-1"])
def test_a_nonsense_year_is_a_clear_message(demo, client_for, value):
    response = client_for("okonom").get(reverse("oversight:signals"), {"aar": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg et av årene" in page
    # As the agreement chooser: the field marked, and a summary linking to it.
    assert 'id="aar" aria-invalid="true" aria-describedby="aar_error"' in page
    assert '<a class="ds-link" href="#aar">År: Velg et av årene i listen.</a>' in page
    assert client_for("okonom").get(url("target-1-1-2026", value)).status_code == 404


def test_an_unknown_signal_is_404(demo, client_for):
    assert client_for("leder").get(url("target-999999-1-2026")).status_code == 404
    assert client_for("leder").get(reverse("oversight:signal")).status_code == 404


# --- thresholds -----------------------------------------------------------------------------


def _form(**values) -> dict:
    defaults = {
        field.name: getattr(SignalThresholds(), field.name)
        for field in SignalThresholds._meta.concrete_fields
        if field.name not in ("id", "municipality", "updated_at")
    }
    return {**defaults, **values}


def test_the_economist_sets_a_threshold_and_it_is_audited(demo, client_for):
    response = client_for("okonom").post(
        reverse("oversight:signal_thresholds"), _form(repeat_count=4)
    )
    assert response.status_code == 302
    saved = SignalThresholds.objects.get(municipality=demo["municipality"])
    assert saved.repeat_count == 4
    audit = AuditRecord.objects.filter(action="signal.thresholds").latest("pk")
    assert audit.old_values == {"repeat_count": "6"} and audit.new_values == {"repeat_count": "4"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("repeat_count", "-1"),
        ("repeat_amount", "-1"),
        ("staff_factor", "0.5"),
        ("split_window_days", "abc"),
        ("account_households", "1"),
        ("several_window_days", "100000"),
    ],
)
def test_nonsense_thresholds_are_refused_and_nothing_changes(demo, client_for, field, value):
    client = client_for("okonom")
    before = AuditRecord.objects.filter(action="signal.thresholds").count()
    response = client.post(reverse("oversight:signal_thresholds"), _form(**{field: value}))
    assert response.status_code == 400
    assert "Ingenting ble lagret" in response.content.decode()
    assert not SignalThresholds.objects.filter(municipality=demo["municipality"]).exists()
    assert AuditRecord.objects.filter(action="signal.thresholds").count() == before


def test_the_service_refuses_minus_one_too(demo):
    with pytest.raises(DomainError):
        signal_thresholds_update(
            acting_user=demo["users"]["okonom"],
            municipality_id=demo["municipality"].pk,
            values={"repeat_count": -1},
        )
    assert not SignalThresholds.objects.exists()


@pytest.mark.parametrize("who", ["leder", "kontakt", "stat"])
def test_only_the_economy_sets_thresholds(demo, client_for, who):
    assert client_for(who).get(reverse("oversight:signal_thresholds")).status_code == 404
    assert client_for(who).post(reverse("oversight:signal_thresholds"), _form()).status_code == 404
    with pytest.raises(NotFoundOrForbidden):
        signal_thresholds_update(
            acting_user=demo["users"][who],
            municipality_id=demo["municipality"].pk,
            values={"repeat_count": 3},
        )


# --- a fixed number of queries --------------------------------------------------------------


def _every_pattern(demo, n: int) -> None:
    """n of each pattern (roughly), so the second count sees far more rows and signals."""
    set_limits(demo, per_decision="10000", per_year="30000")
    for i in range(n):
        repeat = household(demo, account="63087861350")
        for d in range(6):
            support(demo, repeat, day=d * 20)
        split = household(demo)
        support(demo, split, amount="8000", day=0)
        support(demo, split, amount="7000", day=2)
        support(demo, household(demo, birth_year=year() - 40), day=i)
        several = household(demo, subprojects=(SUBPROJECT, "Som de andre"))
        support(demo, several, day=0)
        support(demo, several, day=5, subproject="Som de andre")
        support(demo, household(demo), day=i, proposer="kontakt", second="nav.berg")


@pytest.mark.parametrize("who", ["okonom", "leder"])
def test_the_signal_pages_run_a_fixed_number_of_queries(demo, client_for, who):
    client = client_for(who)
    _every_pattern(demo, 1)
    home = household(demo, birth_year=year() - 30)
    support(demo, home)
    key = f"target-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{year()}"

    def count(address):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    small = (count(reverse("oversight:signals")), count(url(key)))
    _every_pattern(demo, 6)
    SignalReview.objects.create(
        municipality=demo["municipality"],
        key=key,
        kind="target",
        outcome="fine",
        note="OK",
        reviewed_by=demo["users"]["okonom"],
    )
    assert count(reverse("oversight:signals")) == small[0]
    assert count(url(key)) == small[1]
    assert Decimal(small[0]) < 40


# --- decimals as Norwegians type them (the new-user trial) ------------------------------------


def test_a_decimal_comma_is_read_as_a_decimal_comma(demo, client_for):
    """The trial typed "1,5" and got 15."""
    response = client_for("okonom").post(
        reverse("oversight:signal_thresholds"),
        _form(staff_factor="1,5", mutual_factor="2,5", repeat_amount="45 000,50"),
    )
    assert response.status_code == 302
    saved = SignalThresholds.objects.get(municipality=demo["municipality"])
    assert saved.staff_factor == Decimal("1.5")
    assert saved.mutual_factor == Decimal("2.5")
    assert saved.repeat_amount == Decimal("45000.50")


def test_decimals_show_with_a_comma_in_text_inputs(demo, client_for):
    """The trial saw an empty field for "2,0" when the page came back: a number input
    cannot show a comma. Every field is a text input showing the Norwegian form."""
    client = client_for("okonom")
    page = client.get(reverse("oversight:signal_thresholds")).content.decode()
    assert 'value="2,0"' in page and 'type="number"' not in page
    response = client.post(
        reverse("oversight:signal_thresholds"), _form(staff_factor="2,0", repeat_count="-1")
    )
    assert response.status_code == 400
    assert 'value="2,0"' in response.content.decode()


@pytest.mark.parametrize("field", ["repeat_amount", "account_large_amount"])
@pytest.mark.parametrize("value", ["-1", "0", "0,00"])
def test_a_zero_or_negative_amount_is_a_norwegian_message(demo, client_for, field, value):
    """The trial saw the database constraint's name."""
    response = client_for("okonom").post(
        reverse("oversight:signal_thresholds"), _form(**{field: value})
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "signal_thresholds_" not in page and "Constraint" not in page
    assert "større enn null" in page
    assert not SignalThresholds.objects.filter(municipality=demo["municipality"]).exists()
    with pytest.raises(DomainError) as refused:
        signal_thresholds_update(
            acting_user=demo["users"]["okonom"],
            municipality_id=demo["municipality"].pk,
            values={field: value},
        )
    assert "større enn null" in refused.value.message and refused.value.field == field


@pytest.mark.parametrize("value", ["10.000", "1,5,5", "abc", "NaN", "1e3"])
def test_nonsense_decimals_are_refused(demo, client_for, value):
    response = client_for("okonom").post(
        reverse("oversight:signal_thresholds"), _form(repeat_amount=value)
    )
    assert response.status_code == 400
    assert not SignalThresholds.objects.filter(municipality=demo["municipality"]).exists()


# --- nobody reviews a signal about themselves, in any seat ------------------------------------


@pytest.mark.parametrize("seat", ["decider", "proposer", "second"])
def test_a_lead_does_not_review_a_signal_about_her_own_decisions(demo, client_for, seat):
    """The trial: the lead reviewed a target-group signal on a support she decided. She
    is in it as the one who decided, proposed or confirmed as second approver."""
    people = {"proposer": "kontakt", "decider": "nav.berg", "second": None}
    people[seat] = "leder"
    home = household(demo, alias="Egen", birth_year=year() - 30)
    support(demo, home, **people)
    key = f"target-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{year()}"
    with pytest.raises(DomainError) as refused:
        signal_review_record(
            acting_user=demo["users"]["leder"], key=key, year=year(), outcome="fine", note="OK"
        )
    assert "gjelder deg" in str(refused.value.message)
    response = client_for("leder").post(
        reverse("oversight:signal"),
        {"signal": key, "aar": year(), "outcome": "fine", "note": "OK"},
    )
    assert response.status_code == 400 and "gjelder deg" in response.content.decode()
    assert not SignalReview.objects.filter(key=key).exists()
    # Someone who is in none of its seats reviews it.
    signal_review_record(
        acting_user=demo["users"]["admin"], key=key, year=year(), outcome="fine", note="OK"
    )
    assert SignalReview.objects.filter(key=key).count() == 1


def test_the_year_list_holds_only_the_agreements_years_so_far(demo, client_for):
    """The trial was offered years before the agreement began (and none of them had
    data): the list holds the programme agreement's years up to this one."""
    agreement = demo["agreement"]
    this_year = year()
    expected = list(range(min(agreement.ends_on.year, this_year), agreement.starts_on.year - 1, -1))
    client = client_for("okonom")
    page = client.get(reverse("oversight:signals")).content.decode()
    offered = [int(y) for y in __import__("re").findall(r'<option value="(\d{4})"', page)]
    assert offered == expected
    before = agreement.starts_on.year - 1
    response = client.get(reverse("oversight:signals"), {"aar": before})
    assert response.status_code == 400 and "Velg et av årene" in response.content.decode()


def test_a_negative_amount_comes_with_the_factor_and_days_the_form_refused(demo, client_for):
    """The new-user trial: "abc" as factor, no days and −5 kroner; the amount was named
    only on the next try."""
    before = AuditRecord.objects.count()
    response = client_for("okonom").post(
        reverse("oversight:signal_thresholds"),
        _form(staff_factor="abc", split_window_days="", repeat_amount="-5"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"staff_factor", "split_window_days", "repeat_amount"}
    assert "større enn null" in errors["repeat_amount"][0]
    assert not SignalThresholds.objects.filter(municipality=demo["municipality"]).exists()
    assert AuditRecord.objects.count() == before


def test_the_service_names_every_threshold_out_of_range_at_once(demo):
    with pytest.raises(DomainError) as refused:
        signal_thresholds_update(
            acting_user=demo["users"]["okonom"],
            municipality_id=demo["municipality"].pk,
            values={"repeat_count": -1, "repeat_amount": "-5", "split_window_days": None},
        )
    assert {p.field for p in refused.value.problems} == {
        "repeat_count",
        "repeat_amount",
        "split_window_days",
    }
    assert not SignalThresholds.objects.exists()
