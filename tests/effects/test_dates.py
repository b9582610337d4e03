"""Dates and ages the effects services refuse: a parent in a youth sub-project, a start in
year 1, an end before the recorded outcomes, a baseline from year 1, a round in year 1.
Each is a clear Norwegian message and nothing stored."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError
from samskap.effects import participation_services as participation
from samskap.effects import services
from samskap.effects.demo_data import LICENCE
from samskap.effects.models import Indicator, Participant, ProposalRound
from samskap.people.services import MemberInput, household_create

VEIEN = "Veien til førerkortet"  # ages 18–24
YEAR_1 = datetime.date(1, 1, 1)


@pytest.fixture
def veien(demo):
    return demo["subprojects"][VEIEN]


def _start(subproject) -> datetime.date:
    return min(subproject.agreement.starts_on + datetime.timedelta(days=40), timezone.localdate())


def _member(demo, subproject, *, birth_year, role="young_person"):
    household = household_create(
        acting_user=demo["users"]["kontakt"],
        subproject=subproject,
        alias=f"Dato {birth_year}",
        first_member=MemberInput(name="Testperson", role=role, birth_year=birth_year),
    )
    return household.members.get()


def _enrol(demo, subproject, member, **kwargs):
    kwargs.setdefault("starts_on", _start(subproject))
    return services.participant_enrol(
        acting_user=demo["users"]["kontakt"], subproject=subproject, member=member, **kwargs
    )


def _refused(call, match, model=Participant):
    before = (model.objects.count(), AuditRecord.objects.count())
    with override("nb"), pytest.raises(DomainError, match=match):
        call()
    assert (model.objects.count(), AuditRecord.objects.count()) == before


def test_a_parent_born_1984_is_refused_in_an_18_to_24_sub_project(demo, veien):
    parent = _member(demo, veien, birth_year=1984, role="parent")
    _refused(lambda: _enrol(demo, veien, parent), "18–24 år")


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(10, False), (17, False), (18, True), (24, True), (25, True), (26, False)],
)
def test_age_at_start_is_checked_against_the_range_from_the_birth_year(demo, veien, age, accepted):
    # `age` is the start year less the birth year; with only a birth year, someone born
    # (year − 25) may still be 24 at the start, someone born (year − 17) is 17 at most.
    start = _start(veien)
    member = _member(demo, veien, birth_year=start.year - age)
    if accepted:
        assert _enrol(demo, veien, member).member == member
    else:
        _refused(lambda: _enrol(demo, veien, member), "aldersgruppen")


def test_a_comparison_person_is_held_to_the_age_range_too(demo, veien):
    parent = _member(demo, veien, birth_year=1984, role="parent")
    _refused(lambda: _enrol(demo, veien, parent, group="waiting_list"), "aldersgruppen")


@pytest.mark.parametrize("starts_on", [YEAR_1, datetime.date(1900, 1, 1)])
def test_a_start_date_far_before_the_agreement_is_refused(demo, veien, starts_on):
    member = _member(demo, veien, birth_year=_start(veien).year - 20)
    _refused(lambda: _enrol(demo, veien, member, starts_on=starts_on), "avtaleperioden")


def test_a_participant_cannot_start_before_the_agreement(demo, veien):
    member = _member(demo, veien, birth_year=_start(veien).year - 20)
    day = veien.agreement.starts_on - datetime.timedelta(days=1)
    _refused(lambda: _enrol(demo, veien, member, starts_on=day), "avtaleperioden")


def test_last_years_cohort_may_start_a_year_before_the_agreement(demo, veien):
    member = _member(demo, veien, birth_year=_start(veien).year - 20)
    day = veien.agreement.starts_on - datetime.timedelta(days=365)
    person = _enrol(demo, veien, member, starts_on=day, group="previous_cohort")
    assert person.starts_on == day


@pytest.mark.parametrize("ends_on", [datetime.date(9999, 12, 31)])
def test_an_end_date_after_the_agreement_is_refused(demo, veien, ends_on):
    member = _member(demo, veien, birth_year=_start(veien).year - 20)
    _refused(lambda: _enrol(demo, veien, member, ends_on=ends_on), "avtaleperioden")


def test_an_enrolment_cannot_end_before_its_last_outcome(demo, veien):
    person = Participant.objects.filter(subproject=veien).order_by("id").first()
    last = person.outcomes.order_by("-measured_on").first().measured_on
    assert last > person.starts_on
    before = AuditRecord.objects.count()
    with override("nb"), pytest.raises(DomainError, match=f"{last:%d.%m.%Y}"):
        services.participant_end(
            acting_user=demo["users"]["kontakt"],
            participant=person,
            ends_on=last - datetime.timedelta(days=1),
        )
    person.refresh_from_db()
    assert person.ends_on is None and AuditRecord.objects.count() == before
    services.participant_end(acting_user=demo["users"]["kontakt"], participant=person, ends_on=last)
    person.refresh_from_db()
    assert person.ends_on == last


def _indicator(demo, veien, **kwargs):
    goal = Indicator.objects.get(goal__subproject=veien, name=LICENCE).goal
    fields = {
        "name": "Ny",
        "kind": "achieved",
        "target": "80",
        "measured_when": "Ved slutt",
        "measured_how": "Samtale",
        "recorded_by": "team",
        **kwargs,
    }
    return services.indicator_create(acting_user=demo["users"]["leder"], goal=goal, **fields)


@pytest.mark.parametrize("day", [YEAR_1, datetime.date(1950, 6, 1)])
def test_a_baseline_dated_long_before_the_agreement_is_refused(demo, veien, day):
    _refused(
        lambda: _indicator(demo, veien, baseline_value="40", baseline_date=day),
        "utgangsverdien",
        model=Indicator,
    )


def test_a_baseline_a_few_years_before_the_agreement_is_accepted(demo, veien):
    day = veien.agreement.starts_on - datetime.timedelta(days=3 * 365)
    indicator = _indicator(demo, veien, baseline_value="40", baseline_date=day)
    assert indicator.baseline_date == day


@pytest.mark.parametrize(
    ("kind", "baseline", "message"),
    [
        ("achieved", "120", "er utgangsverdien andelen"),
        ("scale", "6", "ligger utgangsverdien mellom 1 og 5"),
    ],
)
def test_a_baseline_of_the_wrong_kind_names_the_baseline_not_the_target(
    demo, veien, kind, baseline, message
):
    target = "4" if kind == "scale" else "80"
    _refused(
        lambda: _indicator(
            demo,
            veien,
            kind=kind,
            target=target,
            baseline_value=baseline,
            baseline_date=veien.agreement.starts_on,
        ),
        message,
        model=Indicator,
    )


def test_a_proposal_round_in_year_1_is_refused(demo, veien):
    _refused(
        lambda: participation.proposal_round_create(
            acting_user=demo["users"]["kontakt"],
            subproject=veien,
            title="Hva skal vi gjøre?",
            opens_on=YEAR_1,
            closes_on=YEAR_1 + datetime.timedelta(days=30),
        ),
        "avtaleperioden",
        model=ProposalRound,
    )


# The demo gives its cohorts' ages at the start, not birth years: the agreement moves with
# today's date, and a fixed birth year would age out of a range (13–16 years for
# "Praktisk grunnskole" within three years). Every age must fit its sub-project whatever
# year the demo is loaded in (with a birth year only, someone is that age or one less).
DEMO_COHORTS = {
    "Veien til førerkortet": ["DRIVERS"],
    "Fritid for alle barn og unge": ["LEISURE_CHILDREN", "LEISURE_WAITING"],
    "Som de andre": ["BASIC_NEEDS_FAMILIES"],
    "Tidlig innsats Brundalen": ["EARLY_READERS"],
    "Stødig start": ["STEADY_START"],
    "På egne ben, men ikke alene": ["OWN_FEET"],
    "Praktisk grunnskole": ["PRACTICAL_SCHOOL"],
}


@pytest.mark.parametrize("name", [*DEMO_COHORTS, "Flyktningefamilien i sentrum"])
def test_demo_cohorts_are_given_by_ages_that_fit_their_sub_project(name):
    from samskap.effects import demo_data
    from samskap.web.demo.trondheim_data import SUBPROJECTS

    age_from, age_to = next(spec["ages"] for spec in SUBPROJECTS if spec["name"] == name)
    if name == "Flyktningefamilien i sentrum":
        ages = [
            child_age for _alias, _parent, (_child, child_age), _n in demo_data.REFUGEE_FAMILIES
        ]
    else:
        ages = [row[1] for table in DEMO_COHORTS[name] for row in getattr(demo_data, table)]
    assert ages
    for age in ages:
        assert age < 100, f"{name}: {age} looks like a birth year, not an age"
        assert age >= age_from and age - 1 <= age_to, (
            f"{name}: age {age} outside {age_from}–{age_to}"
        )


def test_the_demo_births_its_cohort_from_the_start_year(demo):
    """Loaded today, "Praktisk grunnskole"'s participants are born start year − their age."""
    from samskap.effects import demo_data

    school = demo["subprojects"]["Praktisk grunnskole"]
    people = Participant.objects.filter(subproject=school).select_related("member")
    by_name = {p.member.name: (p.starts_on.year - p.member.birth_year) for p in people}
    assert by_name == {name: age for name, age, _done in demo_data.PRACTICAL_SCHOOL}
