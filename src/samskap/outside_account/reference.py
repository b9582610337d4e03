"""The engine's arithmetic as plain Python loops, one draw, year, line and payer at a time.

Slow on purpose: the tests check the vectorised engine against it and the benchmark
(benchmarks/bench_outside_account.py) times both on the same draws.
"""

from __future__ import annotations

from samskap.outside_account.engine import MAX_HORIZON, PAYERS, R109, Scenario


def _discount(scenario: Scenario, rate: float) -> list[float]:
    factors, factor = [], 1.0
    for t in range(scenario.horizon_years):
        if t > 0:
            if scenario.discount_rate == R109:
                step = 0.04 if t <= 40 else 0.03 if t <= 75 else 0.02
            else:
                step = rate
            factor /= 1.0 + step
        factors.append(factor)
    return factors


def _break_even(cumulative: list[float], start_year: int) -> int:
    """First year from which the cumulative stays ≥ 0; −1 when it ends below zero."""
    found = -1
    for t in range(len(cumulative) - 1, -1, -1):
        if cumulative[t] < -1e-6:
            break
        found = start_year + t
    return found


def run(scenario: Scenario, params: dict) -> list[dict]:
    """Per draw: NPV total and per payer, discounted and undiscounted break-even years."""
    results = []
    draws = len(params["success_rate"])
    price_year = scenario.price_year or scenario.start_year
    for d in range(draws):
        effective = (
            scenario.participants
            * float(params["success_rate"][d])
            * (1.0 - float(params["deadweight"][d]))
            * float(params["attribution"][d])
            * (1.0 - float(params["displacement"][d]))
            * float(params["benefit_factor"][d])
        )
        drop = float(params["drop_off"][d])
        duration = float(params["effect_duration"][d])
        cost_scale = (1.0 + scenario.optimism_bias) * float(params["cost_factor"][d])
        factors = _discount(scenario, float(params["discount_rate"][d]))
        npv_by_payer = dict.fromkeys(PAYERS, 0.0)
        cumulative_disc, cumulative = [], []
        running_disc = running = 0.0
        for t in range(scenario.horizon_years):
            year = scenario.start_year + t
            net_year = 0.0
            for line in scenario.benefits:
                age = year - line.first_year
                if 0 <= age < line.years and age < min(duration, MAX_HORIZON + 1):
                    growth = (1.0 + scenario.real_growth.get(line.category, 0.0)) ** (
                        year - price_year
                    )
                    value = line.amount * growth * effective * (1.0 - drop) ** age
                    npv_by_payer[line.payer] += value * factors[t]
                    net_year += value
            for cost in scenario.costs:
                if cost.year == year:
                    value = cost.amount * cost_scale
                    npv_by_payer[cost.payer] -= value * factors[t]
                    net_year -= value
            running += net_year
            running_disc += net_year * factors[t]
            cumulative.append(running)
            cumulative_disc.append(running_disc)
        results.append(
            {
                "npv": sum(npv_by_payer.values()),
                "npv_by_payer": npv_by_payer,
                "break_even_discounted": _break_even(cumulative_disc, scenario.start_year),
                "break_even_undiscounted": _break_even(cumulative, scenario.start_year),
            }
        )
    return results
