"""The outside account's results as plain data: JSON for the CLI, rows for the page and the
exports. No Django: labels come from the caller."""

from __future__ import annotations

from samskap.outside_account import engine


def _round(value, digits=2):
    return None if value is None else round(float(value), digits)


def as_dict(result: engine.Result, *, monte_carlo=None, sensitivity=None) -> dict:
    """One JSON-ready object: totals, per payer, the yearly table and, when run, the Monte
    Carlo summary and the sensitivity rows. Break-even years are null when the cumulative
    net flow is still below zero at the end of the horizon."""
    scenario = result.scenario
    cumulative_disc = result.cumulative(discounted=True)
    cumulative = result.cumulative(discounted=False)
    data = {
        "start_year": scenario.start_year,
        "end_year": scenario.end_year,
        "discount_rate": scenario.discount_rate,
        "participants": scenario.participants,
        "success_rate": scenario.success_rate,
        "npv": _round(result.npv),
        "npv_per_participant": _round(result.npv_per_participant),
        "pv_benefits": _round(result.pv_benefits),
        "pv_costs": _round(result.pv_costs),
        "bcr": _round(result.bcr, 4),
        "irr": _round(result.irr, 6),
        "break_even_year_discounted": result.break_even_year_discounted,
        "break_even_year_undiscounted": result.break_even_year_undiscounted,
        "switching_success_rate": _round(result.switching_success_rate, 6),
        "socio_economic_npv": _round(result.socio_economic_npv),
        "payers": {
            name: {
                "npv": _round(payer.npv),
                "pv_benefits": _round(payer.pv_benefits),
                "pv_costs": _round(payer.pv_costs),
                "funds_measure": payer.funds_measure,
                "break_even_year_discounted": payer.break_even_year_discounted,
                "break_even_year_undiscounted": payer.break_even_year_undiscounted,
            }
            for name, payer in result.payers.items()
        },
        "years": [
            {
                "year": year,
                "costs": _round(result.costs[t].sum()),
                "benefits": _round(result.benefits[t].sum()),
                "net": _round(result.net[t].sum()),
                "discount_factor": _round(result.discount[t], 8),
                "cumulative_discounted": _round(cumulative_disc[t, -1]),
                "cumulative_undiscounted": _round(cumulative[t, -1]),
                "cumulative_discounted_by_payer": {
                    payer: _round(cumulative_disc[t, p]) for p, payer in enumerate(engine.PAYERS)
                },
                "benefits_by_category": {
                    category: _round(result.benefits[t, c].sum())
                    for c, category in enumerate(engine.CATEGORIES)
                    if result.benefits[:, c].any()
                },
            }
            for t, year in enumerate(result.years)
        ],
    }
    if monte_carlo is not None:
        data["monte_carlo"] = monte_carlo_dict(monte_carlo)
    if sensitivity is not None:
        data["sensitivity"] = [
            {
                "parameter": row.parameter,
                "low": row.low,
                "high": row.high,
                "npv_low": _round(row.npv_low),
                "npv_high": _round(row.npv_high),
            }
            for row in sensitivity
        ]
    return data


def monte_carlo_dict(run: engine.MonteCarloResult) -> dict:
    return {
        "draws": run.draws,
        "seed": run.seed,
        "npv_mean": _round(run.npv.mean()),
        "npv_percentiles": {str(k): _round(v) for k, v in run.percentiles().items()},
        "probability_positive_npv": _round(run.probability_positive_npv, 4),
        "probability_pays_off_within_horizon": _round(run.probability_pays_off, 4),
        "break_even_year_discounted_histogram": [
            {"year": year, "draws": count} for year, count in run.break_even_histogram()
        ],
        "npv_by_payer_mean": {
            payer: _round(run.npv_by_payer[:, p].mean()) for p, payer in enumerate(engine.PAYERS)
        },
    }
