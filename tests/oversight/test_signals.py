"""Misuse signals: each pattern, built on purpose, fires with its reason; its near miss
does not; the demo's ordinary activity fires none."""

from decimal import Decimal

import pytest

from samskap.core.money import format_nok
from samskap.oversight.models import SignalThresholds
from samskap.oversight.signals import signals_for_year
from tests.oversight.signal_factories import (
    SUBPROJECT,
    account_change,
    at,
    household,
    payment,
    support,
    year,
)
from tests.support.factories import VALID_ACCOUNT, VALID_FNR, set_limits


def fired(demo, **thresholds):
    if thresholds:
        SignalThresholds.objects.update_or_create(
            municipality=demo["municipality"], defaults=thresholds
        )
    return {
        s.key: s for s in signals_for_year(municipality_id=demo["municipality"].pk, year=year())
    }


def of_kind(demo, kind, **thresholds):
    return [s for s in fired(demo, **thresholds).values() if s.kind == kind]


# --- a staff member well above the team's median -----------------------------------------


def test_a_contact_person_proposing_far_more_than_the_colleagues_fires(demo):
    for n in range(12):
        support(demo, household(demo), day=n, proposer="kontakt")
    support(demo, household(demo), proposer="leder")
    support(demo, household(demo), proposer="nav.berg")
    user = demo["users"]["kontakt"]
    sub = demo["subprojects"][SUBPROJECT]
    signal = fired(demo)[f"staff-proposals-{sub.pk}-{user.pk}-{year()}"]
    assert signal.staff_ids == {user.pk}
    assert "12" in signal.why and "medianen" in signal.why
    assert ("Team median", "1") in [(str(a), b) for a, b in signal.facts] or any(
        b == "1" for _a, b in signal.facts
    )


def test_an_even_team_fires_no_staff_signal(demo):
    for n in range(12):
        for who in ("kontakt", "leder", "nav.berg"):
            support(demo, household(demo), day=n, proposer=who)
    assert of_kind(demo, "staff") == []


# --- repeated support ----------------------------------------------------------------------


def test_six_supports_to_one_household_in_a_year_fire(demo):
    home = household(demo)
    for n in range(6):
        support(demo, home, day=n * 20)
    signal = fired(demo)[f"repeat-household-{home.pk}-{year()}"]
    assert signal.household_ids == {home.pk} and len(signal.supports) == 6
    assert "6" in signal.why


def test_five_small_supports_do_not(demo):
    home = household(demo)
    for n in range(5):
        support(demo, home, day=n * 20)
    assert [s for s in of_kind(demo, "repeat") if home.pk in s.household_ids] == []


def test_one_large_total_fires_by_amount(demo):
    home = household(demo)
    support(demo, home, amount="35000", day=1)
    support(demo, home, amount="30000", day=90)
    assert f"repeat-household-{home.pk}-{year()}" in fired(demo)


def test_one_person_on_two_households_counts_once(demo):
    homes = [household(demo), household(demo)]
    for home in homes:
        home.members.update(national_id=VALID_FNR)
        for n in range(3):
            support(demo, home, day=n * 30)
    ref = "_".join(str(h.pk) for h in sorted(homes, key=lambda h: h.pk))
    keys = fired(demo)
    assert f"repeat-person-{ref}-{year()}" in keys
    assert not any(f"repeat-household-{h.pk}-" in key for h in homes for key in keys)


def test_one_payout_account_on_two_households_counts_once(demo):
    homes = [household(demo, account=VALID_ACCOUNT), household(demo, account=VALID_ACCOUNT)]
    for home in homes:
        for n in range(3):
            support(demo, home, day=n * 30)
    ref = "_".join(str(h.pk) for h in sorted(homes, key=lambda h: h.pk))
    assert f"repeat-account-{ref}-{year()}" in fired(demo)


# --- split to stay under a delegated limit ------------------------------------------------


def test_two_supports_under_the_limit_within_days_but_above_it_together_fire(demo):
    set_limits(demo, per_decision="10000", per_year="30000")
    home = household(demo)
    first = support(demo, home, amount="8000", day=0)
    support(demo, home, amount="7000", day=5)
    signal = fired(demo)[f"split-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{first.pk}"]
    assert format_nok(15000) in signal.why and format_nok(10000) in signal.why
    assert demo["users"]["leder"].pk in signal.staff_ids


def test_the_same_supports_weeks_apart_do_not(demo):
    set_limits(demo, per_decision="10000", per_year="30000")
    home = household(demo)
    support(demo, home, amount="8000", day=0)
    support(demo, home, amount="7000", day=40)
    assert of_kind(demo, "split") == []


def test_a_second_approver_that_confirmed_is_no_split(demo):
    set_limits(demo, per_decision="10000", per_year="30000")
    home = household(demo)
    support(demo, home, amount="8000", day=0)
    support(demo, home, amount="7000", day=2, needs_second=True, second="nav.berg")
    assert of_kind(demo, "split") == []


# --- proposer and second approver confirming each other -----------------------------------


def test_two_people_confirming_each_other_far_more_than_chance_fire(demo):
    day = iter(range(200))
    for _ in range(4):
        support(demo, household(demo), day=next(day), proposer="kontakt", second="nav.berg")
    for _ in range(2):
        support(demo, household(demo), day=next(day), proposer="nav.berg", second="kontakt")
    for second in ("kontakt", "nav.berg") * 3:
        support(
            demo, household(demo), day=next(day), proposer="leder", decider="leder", second=second
        )
    users = demo["users"]
    first, other = sorted([users["kontakt"].pk, users["nav.berg"].pk])
    sub = demo["subprojects"][SUBPROJECT]
    signal = fired(demo)[f"mutual-{sub.pk}-{first}_{other}-{year()}"]
    assert signal.staff_ids == {first, other}
    assert "6" in signal.why


def test_a_team_with_only_one_second_approver_is_chance_not_a_signal(demo):
    for n in range(8):
        support(demo, household(demo), day=n, proposer="kontakt", second="nav.berg")
    assert of_kind(demo, "mutual") == []


# --- payout account changed before a large payment, or shared -----------------------------


def test_a_changed_account_just_before_a_large_payment_fires(demo):
    from django.utils import timezone

    home = household(demo, account="12345678903")
    decision = support(demo, home, amount="12000", day=0)
    account_change(demo, home)
    paid = payment(decision, when=timezone.now() + timezone.timedelta(hours=2))
    signal = fired(demo)[f"account-change-{paid.pk}"]
    assert format_nok(12000) in signal.why
    assert ("Account now ends in", "8903") in [(str(a), b) for a, b in signal.facts] or any(
        b == "8903" for _a, b in signal.facts
    )
    # Only the last four digits, never the account.
    assert "12345678903" not in repr(signal)


def test_a_small_payment_after_a_change_does_not(demo):
    from django.utils import timezone

    home = household(demo, account="12345678903")
    decision = support(demo, home, amount="2000", day=0)
    account_change(demo, home)
    payment(decision, when=timezone.now() + timezone.timedelta(hours=2))
    assert not [s for s in of_kind(demo, "account") if s.key.startswith("account-change")]


def test_one_account_on_two_households_fires(demo):
    homes = [household(demo, account="63087861350"), household(demo, account="63087861350")]
    key = f"account-shared-{min(h.pk for h in homes)}-2"
    signal = fired(demo)[key]
    assert signal.household_ids == {h.pk for h in homes}
    assert "1350" in signal.why and "63087861350" not in signal.why


# --- outside the target group --------------------------------------------------------------


def test_support_to_a_household_with_nobody_of_the_sub_projects_ages_fires(demo):
    home = household(demo, birth_year=year() - 30)  # Stødig start is 16–23
    support(demo, home)
    signal = fired(demo)[f"target-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{year()}"]
    assert "16–23" in signal.why and "29–30" in signal.why


def test_someone_turning_24_this_year_may_still_be_23_and_does_not(demo):
    support(demo, household(demo, birth_year=year() - 24))
    assert of_kind(demo, "target") == []


def test_a_margin_of_years_lets_the_edge_pass(demo):
    support(demo, household(demo, birth_year=year() - 26))
    assert len(of_kind(demo, "target")) == 1
    assert of_kind(demo, "target", target_margin_years=2) == []


# --- several sub-projects at once ---------------------------------------------------------


def test_support_from_two_sub_projects_within_weeks_fires(demo):
    home = household(demo, subprojects=(SUBPROJECT, "Som de andre"))
    first = support(demo, home, day=0)
    support(demo, home, day=30, subproject="Som de andre")
    signal = fired(demo)[f"several-{home.pk}-{first.pk}"]
    assert len(signal.subproject_ids) == 2


def test_support_from_two_sub_projects_months_apart_does_not(demo):
    home = household(demo, subprojects=(SUBPROJECT, "Som de andre"))
    support(demo, home, day=0)
    support(demo, home, day=120, subproject="Som de andre")
    assert of_kind(demo, "several") == []


# --- thresholds and the demo ---------------------------------------------------------------


def test_the_municipalitys_own_threshold_is_used(demo):
    home = household(demo)
    for n in range(3):
        support(demo, home, day=n * 20)
    assert f"repeat-household-{home.pk}-{year()}" not in fired(demo)
    assert f"repeat-household-{home.pk}-{year()}" in fired(demo, repeat_count=3)


@pytest.mark.parametrize("signal_year", range(2020, 2028))
def test_the_ordinary_demo_fires_no_signal(demo, signal_year):
    found = signals_for_year(municipality_id=demo["municipality"].pk, year=signal_year)
    assert [(s.key, s.why) for s in found] == []


def test_amounts_are_decimal_nok(demo):
    home = household(demo)
    support(demo, home, amount="60000.50")
    signal = fired(demo)[f"repeat-household-{home.pk}-{year()}"]
    assert signal.supports[0].amount == Decimal("60000.50")
    assert at(0).year == year()


# --- rolling windows: 1 January is no wall (the new-user trial) ----------------------------


def _day(month: int, day: int, years_back: int = 0) -> int:
    """The factories' day number (0 = 1 June this year) of a calendar day."""
    import datetime

    return (datetime.date(year() - years_back, month, day) - datetime.date(year(), 6, 1)).days


def test_requests_split_across_new_year_fire(demo):
    """30 December and 2 January: each under the limit, above it together, three days
    apart. A calendar year saw one in each year and nothing."""
    set_limits(demo, per_decision="10000", per_year="30000")
    home = household(demo)
    first = support(demo, home, amount="8000", day=_day(12, 30, years_back=1))
    support(demo, home, amount="7000", day=_day(1, 2))
    key = f"split-{home.pk}-{demo['subprojects'][SUBPROJECT].pk}-{first.pk}"
    signal = fired(demo)[key]
    assert len(signal.supports) == 2 and format_nok(15000) in signal.why
    # It belongs to the year it was completed in: last year's list does not show it.
    last_year = signals_for_year(municipality_id=demo["municipality"].pk, year=year() - 1)
    assert key not in {s.key for s in last_year}


def test_repeated_support_counts_the_last_365_days_not_the_calendar_year(demo):
    """Three supports in the autumn and three in the spring: six within a year."""
    home = household(demo)
    for month in (9, 10, 11):
        support(demo, home, day=_day(month, 15, years_back=1))
    for month in (1, 2, 3):
        support(demo, home, day=_day(month, 15))
    signal = fired(demo)[f"repeat-household-{home.pk}-{year()}"]
    assert len(signal.supports) == 6 and "365" in signal.why


def test_supports_more_than_a_year_apart_are_not_repeated(demo):
    home = household(demo)
    for month in (1, 2, 3):
        support(demo, home, day=_day(month, 15, years_back=1))
    for month in (4, 5, 6):
        support(demo, home, day=_day(month, 15))
    assert [s for s in of_kind(demo, "repeat") if home.pk in s.household_ids] == []


def test_several_sub_projects_across_new_year_fire(demo):
    home = household(demo, subprojects=(SUBPROJECT, "Som de andre"))
    first = support(demo, home, day=_day(12, 20, years_back=1))
    support(demo, home, day=_day(1, 10), subproject="Som de andre")
    assert f"several-{home.pk}-{first.pk}" in fired(demo)


def test_one_support_says_one_support(demo):
    """The trial read "1 støtter": counts are words with the right plural."""
    home = household(demo)
    support(demo, home, amount="65000", day=1)
    signal = fired(demo)[f"repeat-household-{home.pk}-{year()}"]
    assert "1 støtte," in signal.why and "1 støtter" not in signal.why
