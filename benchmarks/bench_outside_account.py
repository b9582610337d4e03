"""Outside account: a Monte Carlo run of 10,000 draws × 60 years × 8 categories × 3 payers
through the vectorised engine, and the same draws through the plain-Python loop
(samskap.outside_account.reference). Pure numpy: needs no database.

Also runs on its own: `.venv/bin/python -m benchmarks.bench_outside_account [--quick]`.
"""

import sys

from benchmarks.rows import Result, Row, stopwatch

TITLE = "Outside account: Monte Carlo, vectorised engine against a plain loop"
ORDER = 80


def scenario():
    from samskap.outside_account import engine

    benefits = [
        {
            "category": category,
            "payer": payer,
            "amount": 10_000 + 1_000 * c + 500 * p,
            "first_year": 2021 + (c % 3),
            "years": 40,
        }
        for c, category in enumerate(engine.CATEGORIES)
        for p, payer in enumerate(engine.PAYERS)
    ]
    costs = [{"year": 2020 + t, "amount": 400_000, "payer": "state"} for t in range(3)]
    return {
        "start_year": 2020,
        "horizon_years": 60,
        "discount_rate": 0.04,
        "participants": 20,
        "successes": 16,
        "deadweight": 0.2,
        "attribution": 0.8,
        "displacement": 0.1,
        "drop_off": 0.05,
        "real_growth": {"health_services": 0.01},
        "costs": costs,
        "benefits": benefits,
        "monte_carlo": {
            "seed": 2031,
            "ranges": {
                "success_rate": "beta",
                "deadweight": [0.05, 0.2, 0.35],
                "attribution": [0.6, 0.8, 1.0],
                "displacement": [0.0, 0.2],
                "drop_off": [0.0, 0.05, 0.15],
                "effect_duration": [10, 40],
                "discount_rate": [0.02, 0.06],
                "cost_factor": [0.9, 1.0, 1.3],
                "benefit_factor": [0.8, 1.0, 1.2],
            },
        },
    }


ENGINE_RUNS = 5


def measure(draws: int) -> tuple[float, float, float]:
    """Seconds for the engine (the best of ENGINE_RUNS after one warm-up run, as timeit
    does: the other runs measure the machine's other load, not the engine) and for one run
    of the loop on the same draws, and the largest NPV difference between them (NOK)."""
    from samskap.outside_account import engine, reference

    case = engine.parse_scenario(scenario())
    params = engine.draw_parameters(case, draws)
    run = engine.summarise_draws(case, params)
    times = []
    for _ in range(ENGINE_RUNS):
        with stopwatch() as vectorised:
            engine.summarise_draws(case, params)
        times.append(vectorised())
    with stopwatch() as loop:
        looped = reference.run(case, params)
    difference = max(abs(row["npv"] - value) for row, value in zip(looped, run.npv, strict=True))
    return min(times), loop(), difference


def run(bench) -> Result:
    draws = bench.size(10_000, 500)
    fast, slow, difference = measure(draws)
    label = f"{draws:,} draws × 60 years × 8 categories × 3 payers".replace(",", " ")
    return Result(
        rows=[
            Row(
                name=f"Monte Carlo, engine ({label}; best of {ENGINE_RUNS} after a warm-up)",
                figure=fast,
                unit="s",
                target="< 1 s",
                met=fast < 1.0,
            ),
            Row(
                name="Monte Carlo, plain-Python loop on the same draws (floor = engine time)",
                figure=slow,
                unit="s",
                floor=fast,
                target="ratio ≥ 50",
                met=slow / fast >= 50,
                note=f"largest NPV difference {difference:.2e} NOK",
            ),
        ],
        notes=[
            f"Outside account: {label}; engine {fast:.3f} s, loop {slow:.1f} s, "
            f"{slow / fast:.0f}× faster; the two agree to {difference:.1e} NOK per draw."
        ],
    )


if __name__ == "__main__":
    n = 500 if "--quick" in sys.argv else 10_000
    fast, slow, difference = measure(n)
    print(f"{n} draws × 60 years × 8 categories × 3 payers")
    print(f"engine (numpy):   {fast:8.3f} s")
    print(f"plain loop:       {slow:8.3f} s")
    print(f"ratio:            {slow / fast:8.0f}×")
    print(f"largest NPV difference: {difference:.2e} NOK")
