"""A sub-project's live scenario: N and k from recorded outcomes, costs from the ledger,
avoided costs from the parameter library indexed to the current price year, and the
assumptions the economist chose. Builds the engine's input and runs it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from samskap.outside_account import cpi, engine

# The thesis (Vedlegg 6, figur 7) found break-even in 2031 for "Veien til førerkortet".
THESIS_SUBPROJECT = "Veien til førerkortet"
THESIS_BREAK_EVEN = 2031

DEFAULT_SETTINGS = {
    "target_group": "neet",
    "outcome": "entered",
    "participants": None,
    "successes": None,
    "cost_basis": "allocated",
    "ledger_payer": "state",
    "other_cost_per_year": 0,
    "discount_rate": "R-109",
    "horizon_years": 41,
    "deadweight": 20,
    "attribution": 80,
    "displacement": 10,
    "drop_off": 5,
    "effect_duration": 20,
    "optimism_bias": 0,
    "tax_financing": False,
    "draws": 2000,
    "seed": 2031,
}


# "Veien til førerkortet": documented assumptions for the demo (the page shows them).
# 20 participants, 16 in work afterwards (the thesis, ch. 4.2.4.3; brief §8); the target
# group is young people outside work and education (the sub-project's own description).
# With no comparison group (the thesis warns of this) a quarter are assumed to have found
# work anyway, 80 % of the rest is credited to the measure, 10 % of the jobs are taken from
# others, and the effect fades by 5 % a year and ends after 20 years.
THESIS_SETTINGS = {
    "target_group": "neet",
    "outcome": "entered",
    "participants": 20,
    "successes": 16,
    "deadweight": 25,
    "attribution": 80,
    "displacement": 10,
    "drop_off": 5,
    "effect_duration": 20,
}


@dataclass
class Live:
    settings: dict
    inputs: dict  # the engine mapping, JSON-ready
    scenario: engine.Scenario
    result: engine.Result
    sensitivity: list
    monte_carlo: engine.MonteCarloResult | None
    unit_costs: list
    costs_by_year: dict
    counts_source: str  # "effects" or "entered"
    price_year: int
    notes: list[str] = field(default_factory=list)
    target_group: object = None


def build_inputs(
    *,
    start_year: int,
    settings: dict,
    participants: int,
    successes: int,
    unit_costs,
    ledger_costs: dict[int, Decimal],
    agreement_years: list[int],
) -> dict:
    """The engine's input mapping (what parse_scenario reads), all amounts in the current
    price year's prices (CPI, cpi.py)."""
    price_year = cpi.current_price_year()
    costs = [
        {
            "year": year,
            "amount": float(cpi.index(amount, year, price_year)),
            "payer": settings["ledger_payer"],
        }
        for year, amount in sorted(ledger_costs.items())
    ]
    other = Decimal(settings.get("other_cost_per_year") or 0)
    if other:
        costs += [
            {"year": year, "amount": float(other), "payer": "municipality"}
            for year in agreement_years
        ]
    duration = int(settings["effect_duration"])
    first_year = start_year + 1
    benefits = [
        {
            "category": row.category,
            "payer": row.payer,
            "amount": float(cpi.index(row.amount, row.price_year, price_year)),
            "first_year": first_year,
            "years": duration,
        }
        for row in unit_costs
    ]
    ranges = {
        "deadweight": _around(settings["deadweight"] / 100, 0.15),
        "drop_off": [
            0.0,
            settings["drop_off"] / 100,
            min(1.0, 2 * settings["drop_off"] / 100 + 0.05),
        ],
        "effect_duration": [max(1, duration // 2), duration, duration],
        "cost_factor": [0.9, 1.0, 1.3],
        "benefit_factor": [0.8, 1.0, 1.2],
    }
    if successes is not None:
        ranges["success_rate"] = "beta"
    discount = settings["discount_rate"]
    return {
        "start_year": start_year,
        "horizon_years": int(settings["horizon_years"]),
        "discount_rate": discount if discount == engine.R109 else float(discount),
        "participants": participants,
        "successes": successes,
        "deadweight": settings["deadweight"] / 100,
        "attribution": settings["attribution"] / 100,
        "displacement": settings["displacement"] / 100,
        "drop_off": settings["drop_off"] / 100,
        "price_year": price_year,
        "optimism_bias": settings["optimism_bias"] / 100,
        "tax_financing_cost": 0.2 if settings.get("tax_financing") else 0.0,
        "costs": costs,
        "benefits": benefits,
        "monte_carlo": {
            "draws": int(settings["draws"]),
            "seed": int(settings["seed"]),
            "ranges": ranges,
        },
    }


def _around(value: float, spread: float) -> list[float]:
    return [max(0.0, value - spread), value, min(1.0, value + spread)]


def run(inputs: dict):
    """Parse (ScenarioError on bad input) and compute everything the page shows."""
    scenario = engine.parse_scenario(inputs)
    result = engine.evaluate(scenario)
    return scenario, result, engine.sensitivity(scenario), engine.monte_carlo(scenario)


def benefit_share_for_break_even(scenario: engine.Scenario, year: int) -> float | None:
    """The share of this scenario's avoided costs at which the total would break even
    (discounted) in `year` rather than earlier: 1.0 = as assumed. None when no share
    between 1 % and 300 % gives that year."""
    factors = np.linspace(0.01, 3.0, 600)
    params = engine.base_parameters(scenario, len(factors))
    params["benefit_factor"] = factors
    prep = engine.prepare(scenario)
    terms = engine.draw_terms(scenario, params, prep)
    cumulative = np.cumsum(engine.net_totals(prep, terms) * terms.discount, axis=1)
    index = engine.break_even_index(cumulative)
    years = np.where(index >= 0, index + scenario.start_year, 10_000)
    hits = factors[years <= year]
    return float(hits.min()) if hits.size else None
