"""The pure engine: reference case, finance identities, break-even edges, bad input."""

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskap.outside_account import engine, reference
from samskap.outside_account.engine import ScenarioError, evaluate, parse_scenario

REFERENCE = {
    "start_year": 2020,
    "horizon_years": 41,
    "discount_rate": 0.04,
    "participants": 1,
    "success_rate": 0.5,
    "costs": [{"year": 2020, "amount": 7500}],
    "benefits": [
        {
            "category": "social_assistance",
            "payer": "municipality",
            "amount": 30000,
            "first_year": 2021,
            "years": 40,
        }
    ],
}


def scenario(**changes):
    return parse_scenario({**REFERENCE, **changes})


def test_reference_case_npv_per_participant_is_289392():
    result = evaluate(scenario())
    assert result.npv_per_participant == pytest.approx(289_392, abs=1)
    assert result.npv == pytest.approx(-7500 + 15000 * engine.annuity_factor(0.04, 40), abs=1e-6)


def test_reference_case_scales_with_participants_and_successes():
    result = evaluate(
        scenario(
            participants=20,
            success_rate=None,
            successes=10,
            costs=[{"year": 2020, "amount": 150000}],
        )
    )
    assert result.npv_per_participant == pytest.approx(289_392, abs=1)
    assert result.npv == pytest.approx(20 * 289_391.608, abs=1)


def test_annuity_factors_are_exact():
    assert engine.annuity_factor(0.04, 40) == pytest.approx(19.792773883, abs=1e-9)
    assert engine.annuity_factor(0.0, 7) == 7.0
    for rate in (0.01, 0.025, 0.04, 0.07):
        for years in (1, 10, 40, 75):
            by_sum = math.fsum((1 + rate) ** -t for t in range(1, years + 1))
            assert engine.annuity_factor(rate, years) == pytest.approx(by_sum, rel=1e-13)


def test_r109_declining_rates_step_at_40_and_75():
    factors = engine.discount_factors(engine.R109, 100)
    assert factors[0] == 1.0
    assert factors[40] == pytest.approx(1.04**-40, rel=1e-13)
    assert factors[41] == pytest.approx(1.04**-40 / 1.03, rel=1e-13)
    assert factors[75] == pytest.approx(1.04**-40 * 1.03**-35, rel=1e-13)
    assert factors[99] == pytest.approx(1.04**-40 * 1.03**-35 * 1.02**-24, rel=1e-13)
    constant = engine.discount_factors(0.04, 100)
    assert np.all(factors[41:] > constant[41:])  # lower long-term rates weigh the far future more


@pytest.mark.parametrize(
    "rate, flows",
    [
        (0.04, [-7500, 15000, 15000, 15000]),
        (0.02, [-100000, 5000, 20000, 30000, 40000, 50000]),
        (0.0, [-10, 3, 3, 3, 3]),
        (0.07, [-1e6] + [80000] * 30),
    ],
)
def test_npv_and_irr_agree_with_numpy_financial(rate, flows):
    assert engine.npv(rate, flows) == pytest.approx(npf.npv(rate, flows), rel=1e-12)
    assert engine.irr(flows) == pytest.approx(npf.irr(flows), rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    rate=st.floats(0, 0.2),
    outlay=st.floats(1, 1e6),
    returns=st.lists(st.floats(1, 1e6), min_size=1, max_size=25),
)
def test_npv_and_irr_agree_with_numpy_financial_on_any_conventional_flows(rate, outlay, returns):
    flows = [-outlay, *returns]
    assert engine.npv(rate, flows) == pytest.approx(npf.npv(rate, flows), rel=1e-9, abs=1e-6)
    expected = npf.irr(flows)
    if sum(returns) > 0 and not math.isnan(expected):
        assert engine.irr(flows) == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_evaluated_flows_agree_with_numpy_financial():
    result = evaluate(scenario(discount_rate=0.03))
    net = result.net.sum(axis=1)
    assert result.npv == pytest.approx(npf.npv(0.03, net), rel=1e-12)
    assert result.irr == pytest.approx(npf.irr(net), rel=1e-9)


# ------------------------------------------------------------------ break-even


def test_break_even_never_within_the_horizon_is_none():
    result = evaluate(scenario(success_rate=0.0))
    assert result.break_even_year_discounted is None
    assert result.break_even_year_undiscounted is None
    assert result.payers["municipality"].break_even_year_discounted is None


def test_break_even_in_year_zero():
    result = evaluate(scenario(benefits=[{**REFERENCE["benefits"][0], "first_year": 2020}]))
    assert result.break_even_year_discounted == 2020
    assert result.break_even_year_undiscounted == 2020


def test_break_even_exactly_zero_counts_as_broken_even():
    # 100 out in 2020, 104 back in 2021 at 4 %: the discounted cumulative is 0 in 2021.
    case = scenario(
        success_rate=1.0,
        costs=[{"year": 2020, "amount": 100}],
        benefits=[
            {"category": "justice", "payer": "state", "amount": 104, "first_year": 2021, "years": 1}
        ],
        horizon_years=3,
    )
    result = evaluate(case)
    assert result.cumulative()[1, -1] == pytest.approx(0, abs=1e-9)
    assert result.break_even_year_discounted == 2021
    undiscounted = scenario(
        success_rate=1.0,
        costs=[{"year": 2020, "amount": 100}],
        benefits=[
            {"category": "justice", "payer": "state", "amount": 50, "first_year": 2021, "years": 2}
        ],
        horizon_years=4,
    )
    assert evaluate(undiscounted).break_even_year_undiscounted == 2022


def test_negative_flows_after_break_even_move_it_to_when_it_holds():
    cumulative = np.cumsum([-10.0, 20.0, -30.0, 40.0, 0.0])  # -10, 10, -20, 20, 20
    assert engine.break_even_index(cumulative) == 3
    assert engine.break_even_index(np.cumsum([-10.0, 20.0, -30.0])) == -1
    # The same through a scenario: a second round of costs after the first break-even.
    case = scenario(
        discount_rate=0.0,
        success_rate=1.0,
        costs=[{"year": 2020, "amount": 10}, {"year": 2022, "amount": 30}],
        benefits=[
            {
                "category": "health_services",
                "payer": "municipality",
                "amount": 20,
                "first_year": 2021,
                "years": 1,
            },
            {
                "category": "health_services",
                "payer": "municipality",
                "amount": 40,
                "first_year": 2023,
                "years": 1,
            },
        ],
        horizon_years=5,
    )
    assert evaluate(case).break_even_year_undiscounted == 2023


def test_the_payer_who_funds_may_never_break_even_while_another_gains():
    case = scenario(
        benefits=[{**REFERENCE["benefits"][0], "category": "disability_benefit", "payer": "state"}]
    )
    result = evaluate(case)
    assert result.payers["municipality"].funds_measure
    assert result.payers["municipality"].break_even_year_discounted is None
    assert result.payers["municipality"].npv == pytest.approx(-7500)
    assert result.payers["state"].npv == pytest.approx(296_891.6, abs=1)
    assert result.break_even_year_discounted == 2021
    assert sum(p.npv for p in result.payers.values()) == pytest.approx(result.npv)


# ------------------------------------------------------------------ other outputs


def test_switching_value_of_the_success_rate_gives_npv_zero():
    result = evaluate(scenario(costs=[{"year": 2020, "amount": 500_000}]))
    switch = result.switching_success_rate
    assert 0 < switch < 1
    assert evaluate(
        scenario(success_rate=switch, costs=[{"year": 2020, "amount": 500_000}])
    ).npv == pytest.approx(0, abs=1e-6)
    assert evaluate(scenario(success_rate=0.0)).switching_success_rate == pytest.approx(
        7500 / (30000 * engine.annuity_factor(0.04, 40))
    )


def test_benefit_cost_ratio():
    result = evaluate(scenario())
    assert result.bcr == pytest.approx(15000 * engine.annuity_factor(0.04, 40) / 7500)
    assert evaluate(scenario(costs=[])).bcr is None


def test_deadweight_attribution_displacement_scale_the_effect():
    plain = evaluate(scenario()).pv_benefits
    adjusted = evaluate(scenario(deadweight=0.2, attribution=0.5, displacement=0.1)).pv_benefits
    assert adjusted == pytest.approx(plain * 0.8 * 0.5 * 0.9)


def test_drop_off_and_duration_and_growth():
    drop = evaluate(scenario(drop_off=0.1, discount_rate=0.0))
    expected = 15000 * sum(0.9**age for age in range(40))
    assert drop.pv_benefits == pytest.approx(expected)
    short = evaluate(scenario(effect_duration=5, discount_rate=0.0))
    assert short.pv_benefits == pytest.approx(15000 * 5)
    grown = evaluate(scenario(real_growth={"social_assistance": 0.01}, discount_rate=0.0))
    assert grown.pv_benefits == pytest.approx(15000 * sum(1.01**t for t in range(1, 41)))


def test_optimism_bias_raises_costs_and_tax_financing_cost_stays_out_of_the_budget_view():
    base = evaluate(scenario())
    assert evaluate(scenario(optimism_bias=0.5)).pv_costs == pytest.approx(7500 * 1.5)
    taxed = evaluate(scenario(tax_financing_cost=0.2))
    assert taxed.npv == pytest.approx(base.npv)
    assert base.socio_economic_npv is None
    # social assistance is a transfer: only its financing cost is a saving to society
    assert taxed.socio_economic_npv == pytest.approx(0.2 * base.pv_benefits - 1.2 * 7500)


def test_sensitivity_rows_match_single_evaluations_and_come_largest_first():
    case = scenario()
    rows = engine.sensitivity(case)
    swings = [row.swing for row in rows]
    assert swings == sorted(swings, reverse=True)
    by_name = {row.parameter: row for row in rows}
    assert by_name["success_rate"].npv_high == pytest.approx(
        evaluate(scenario(success_rate=0.6)).npv
    )
    assert by_name["discount_rate"].npv_low == pytest.approx(
        evaluate(scenario(discount_rate=0.02)).npv
    )


def test_monte_carlo_is_seeded_and_agrees_with_the_plain_loop():
    case = scenario(
        participants=20,
        success_rate=None,
        successes=16,
        costs=[{"year": 2020, "amount": 2_000_000}],
        monte_carlo={
            "draws": 300,
            "seed": 7,
            "ranges": {
                "success_rate": "beta",
                "deadweight": [0.0, 0.2, 0.5],
                "drop_off": [0, 0.1],
                "effect_duration": [5, 40],
            },
        },
    )
    first, again = engine.monte_carlo(case), engine.monte_carlo(case)
    assert np.array_equal(first.npv, again.npv)
    assert not np.array_equal(first.npv, engine.monte_carlo(case, seed=8).npv)
    params = engine.draw_parameters(case)
    loop = reference.run(case, params)
    assert [r["npv"] for r in loop] == pytest.approx(list(first.npv), rel=1e-9)
    assert [r["break_even_discounted"] for r in loop] == list(first.break_even_discounted)
    assert [r["break_even_undiscounted"] for r in loop] == list(first.break_even_undiscounted)
    assert 0 < first.probability_pays_off < 1
    assert sum(count for _, count in first.break_even_histogram()) == 300


def test_monte_carlo_of_fixed_parameters_equals_the_deterministic_result():
    case = scenario()
    run = engine.monte_carlo(case, draws=3)
    assert list(run.npv) == pytest.approx([evaluate(case).npv] * 3)
    assert run.probability_pays_off == 1.0


# ------------------------------------------------------------------ properties


benefit_lines = st.lists(
    st.fixed_dictionaries(
        {
            "category": st.sampled_from(engine.CATEGORIES),
            "payer": st.sampled_from(engine.PAYERS),
            "amount": st.floats(0, 200_000),
            "first_year": st.integers(2020, 2049),
            "years": st.integers(1, 30),
        }
    ),
    min_size=1,
    max_size=5,
)
cost_lines = st.lists(
    st.fixed_dictionaries(
        {
            "year": st.integers(2020, 2049),
            "amount": st.floats(0, 1e6),
            "payer": st.sampled_from(engine.PAYERS),
        }
    ),
    max_size=4,
)


@settings(max_examples=80, deadline=None)
@given(
    benefits=benefit_lines,
    costs=cost_lines,
    rates=st.lists(st.floats(0, 1), min_size=2, max_size=2),
    discount=st.one_of(st.floats(0, 0.1), st.just("R-109")),
)
def test_npv_is_monotone_in_the_success_rate(benefits, costs, rates, discount):
    low, high = sorted(rates)
    common = {"benefits": benefits, "costs": costs, "horizon_years": 30, "discount_rate": discount}
    assert (
        evaluate(scenario(success_rate=low, **common)).npv
        <= evaluate(scenario(success_rate=high, **common)).npv + 1e-6
    )


@settings(max_examples=80, deadline=None)
@given(benefits=benefit_lines, costs=cost_lines, rate=st.floats(0, 1), drop=st.floats(0, 0.5))
def test_doubling_every_benefit_never_moves_break_even_later(benefits, costs, rate, drop):
    common = {"costs": costs, "horizon_years": 30, "success_rate": rate, "drop_off": drop}
    once = evaluate(scenario(benefits=benefits, **common))
    doubled = evaluate(
        scenario(benefits=[{**b, "amount": 2 * b["amount"]} for b in benefits], **common)
    )
    for key in ("break_even_year_discounted", "break_even_year_undiscounted"):
        before, after = getattr(once, key), getattr(doubled, key)
        if before is not None:
            assert after is not None and after <= before
        for payer in engine.PAYERS:
            before = getattr(once.payers[payer], key)
            after = getattr(doubled.payers[payer], key)
            if before is not None:
                assert after is not None and after <= before


@settings(max_examples=40, deadline=None)
@given(benefits=benefit_lines, costs=cost_lines, rate=st.floats(0, 1), drop=st.floats(0, 0.5))
def test_the_vectorised_engine_agrees_with_the_plain_loop(benefits, costs, rate, drop):
    case = scenario(
        benefits=benefits,
        costs=costs,
        horizon_years=30,
        success_rate=rate,
        drop_off=drop,
        discount_rate="R-109",
    )
    result = evaluate(case)
    loop = reference.run(case, engine.base_parameters(case))[0]
    assert loop["npv"] == pytest.approx(result.npv, rel=1e-9, abs=1e-6)
    for payer in engine.PAYERS:
        assert loop["npv_by_payer"][payer] == pytest.approx(
            result.payers[payer].npv, rel=1e-9, abs=1e-6
        )
    expected = result.break_even_year_discounted
    assert loop["break_even_discounted"] == (-1 if expected is None else expected)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"participants": -3}, "participants"),
        ({"success_rate": None, "successes": 3, "participants": 2}, "successes"),
        ({"success_rate": None, "successes": -1}, "successes"),
        ({"success_rate": 1.5}, "success_rate"),
        ({"success_rate": None}, "success_rate"),
        ({"successes": 1}, "successes"),
        ({"discount_rate": 0.9}, "discount_rate"),
        ({"discount_rate": "R-110"}, "discount_rate"),
        ({"deadweight": -0.1}, "deadweight"),
        ({"attribution": 2}, "attribution"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"horizon_years": 500}, "horizon_years"),
        ({"horizon_years": 4.5}, "horizon_years"),
        ({"start_year": "2020"}, "start_year"),
        ({"costs": [{"year": 2020}]}, "costs[0].amount"),
        ({"costs": [{"year": 2100, "amount": 5}]}, "costs[0].year"),
        ({"costs": [{"year": 2020, "amount": -5}]}, "costs[0].amount"),
        ({"costs": {"year": 2020}}, "costs"),
        (
            {"benefits": [{"category": "social_assistance", "payer": "municipality"}]},
            "benefits[0].amount",
        ),
        (
            {"benefits": [{"category": "magic", "payer": "state", "amount": 1}]},
            "benefits[0].category",
        ),
        ({"benefits": [{"category": "justice", "payer": "EU", "amount": 1}]}, "benefits[0].payer"),
        (
            {"benefits": [{"category": "justice", "payer": "state", "amount": float("nan")}]},
            "benefits[0].amount",
        ),
        ({"real_growth": {"justice": 0.5}}, "real_growth.justice"),
        ({"real_growth": {"magic": 0.01}}, "real_growth.category"),
        ({"surprise": 1}, "surprise"),
        (
            {"monte_carlo": {"ranges": {"success_rate": [0.9, 0.1]}}},
            "monte_carlo.ranges.success_rate",
        ),
        ({"monte_carlo": {"ranges": {"colour": [0, 1]}}}, "monte_carlo.ranges.colour"),
        ({"monte_carlo": {"ranges": {"success_rate": "beta"}}}, "monte_carlo.ranges.success_rate"),
        ({"monte_carlo": {"draws": 0}}, "monte_carlo.draws"),
    ],
)
def test_bad_input_names_the_field(changes, field):
    data = {**REFERENCE, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_missing_required_settings_are_named():
    for key in ("start_year", "horizon_years", "participants"):
        data = {k: v for k, v in REFERENCE.items() if k != key}
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data)
        assert caught.value.field == key
