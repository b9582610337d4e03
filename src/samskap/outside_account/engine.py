"""The outside account's calculation engine: pure Python and numpy, no Django.

A scenario says what a measure costs, how many take part and succeed, and what public cost
is avoided per successful participant per year, per cost category and per payer. The engine
turns that into yearly flows, present values, break-even years, a switching value, a
sensitivity table and a seeded Monte Carlo run. Every calculation is vectorised over
draws × years × cost categories × payers: a single evaluation is a Monte Carlo run of one
draw, so the deterministic result and the simulation share one code path.

Conventions (docs/outside-account.md says the same for economists):

- Year index t = calendar year − start_year; t = 0 is the start year and is not discounted.
  A flow in year t is discounted by the factor for t (end-of-year convention for t ≥ 1).
- Costs are totals per year; benefits are public costs avoided per successful participant
  per year, in the prices of ``price_year``, grown by the real price growth of their
  category: amount × (1 + g)^(year − price_year).
- Effective successes = k × (1 − deadweight) × attribution × (1 − displacement); the effect
  of a benefit line falls by ``drop_off`` each year after its first year and stops after
  ``effect_duration`` years when that is set.
- Discounting: one constant rate, or ``"R-109"``: 4 % for years 0–40, 3 % for years 40–75
  and 2 % after (Finansdepartementet, rundskriv R-109/2021), compounded step by step.
- Break-even is the first year from which the cumulative net flow stays at or above zero
  to the end of the horizon; None when the cumulative net flow is below zero at the end.
- The public-budget view never carries the tax-financing cost. The socio-economic view
  (only when ``tax_financing_cost`` > 0) values costs and avoided real resource use at
  1 + cost, and avoided transfers (benefits, taxes) at the cost alone: a transfer moves
  money between people, only the excess burden of financing it is a saving to society.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

CATEGORIES = (
    "lost_tax",
    "disability_benefit",
    "work_assessment_allowance",
    "unemployment_benefit",
    "social_assistance",
    "child_welfare",
    "health_services",
    "justice",
)
PAYERS = ("municipality", "county", "state")
# Transfers between people: in the socio-economic view only their financing cost counts.
TRANSFER_CATEGORIES = frozenset(
    {
        "lost_tax",
        "disability_benefit",
        "work_assessment_allowance",
        "unemployment_benefit",
        "social_assistance",
    }
)
R109 = "R-109"
# (from year, rate) steps.
R109_STEPS = ((0, 0.04), (40, 0.03), (75, 0.02))
MAX_HORIZON = 150
# Cumulative flows within this many kroner of zero count as zero (floating point).
ZERO_TOLERANCE = 1e-6
RANGED_PARAMETERS = (
    "success_rate",
    "deadweight",
    "attribution",
    "displacement",
    "drop_off",
    "effect_duration",
    "discount_rate",
    "cost_factor",
    "benefit_factor",
)


def _(message: str) -> str:
    """Marks a message for the catalogue; the web and the CLI translate it when shown."""
    return message


class ScenarioError(ValueError):
    """Bad input: ``field`` names what is wrong (e.g. ``benefits[0].amount``)."""

    def __init__(self, field: str, template: str, **params):
        self.field = field
        self.template = template
        self.params = {"field": field, **params}
        super().__init__(template % self.params)

    @property
    def message(self) -> str:
        return str(self)

    def translated(self, gettext) -> str:
        return gettext(self.template) % self.params


# ---------------------------------------------------------------- scenario and validation


@dataclass(frozen=True)
class Cost:
    year: int
    amount: float
    payer: str = "municipality"


@dataclass(frozen=True)
class Benefit:
    category: str
    payer: str
    amount: float
    first_year: int
    years: int


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    mode: float | None = None
    beta: bool = False  # success rate only: Beta(k + 1, N − k + 1) from the recorded counts


@dataclass(frozen=True)
class Scenario:
    start_year: int
    horizon_years: int
    participants: int
    success_rate: float
    costs: tuple[Cost, ...]
    benefits: tuple[Benefit, ...]
    successes: int | None = None
    discount_rate: float | str = 0.04
    deadweight: float = 0.0
    attribution: float = 1.0
    displacement: float = 0.0
    drop_off: float = 0.0
    effect_duration: int | None = None
    price_year: int | None = None
    real_growth: dict = field(default_factory=dict)
    optimism_bias: float = 0.0
    tax_financing_cost: float = 0.0
    ranges: dict = field(default_factory=dict)
    draws: int = 1000
    seed: int = 20310101

    @property
    def years(self) -> np.ndarray:
        return self.start_year + np.arange(self.horizon_years)

    @property
    def end_year(self) -> int:
        return self.start_year + self.horizon_years - 1

    def with_changes(self, **changes) -> Scenario:
        return replace(self, **changes)


def _number(data, key, where, *, low=None, high=None, default=None, required=False, integer=False):
    name = f"{where}{key}"
    if key not in data or data[key] is None:
        if required:
            raise ScenarioError(name, _("%(field)s is missing."))
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(name, _("%(field)s must be a number."))
    if integer and (isinstance(value, float) and not value.is_integer()):
        raise ScenarioError(name, _("%(field)s must be a whole number."))
    if not math.isfinite(value):
        raise ScenarioError(name, _("%(field)s must be a finite number."))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScenarioError(
            name,
            _("%(field)s must be between %(low)s and %(high)s (it is %(value)s)."),
            low=low,
            high=high,
            value=value,
        )
    return int(value) if integer else float(value)


def _choice(data, key, where, choices, *, default=None):
    name = f"{where}{key}"
    value = data.get(key, default)
    if value is None:
        raise ScenarioError(name, _("%(field)s is missing."))
    if value not in choices:
        raise ScenarioError(
            name,
            _("%(field)s must be one of %(choices)s (it is %(value)s)."),
            choices=", ".join(choices),
            value=value,
        )
    return value


def _table_list(data, key):
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ScenarioError(key, _("%(field)s must be a list of tables."))
    return value


KNOWN_KEYS = frozenset(
    {
        "start_year",
        "horizon_years",
        "participants",
        "success_rate",
        "successes",
        "discount_rate",
        "deadweight",
        "attribution",
        "displacement",
        "drop_off",
        "effect_duration",
        "first_effect_year",
        "price_year",
        "real_growth",
        "optimism_bias",
        "tax_financing_cost",
        "costs",
        "benefits",
        "monte_carlo",
        "name",
        "description",
    }
)


def parse_scenario(data: dict) -> Scenario:
    """A validated Scenario from a mapping (a parsed TOML file or a form); what the mapping
    leaves out is neutral. Raises ScenarioError naming the first bad field."""
    if not isinstance(data, dict):
        raise ScenarioError("scenario", _("%(field)s must be a table of settings."))
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ScenarioError(unknown[0], _("%(field)s is not a setting the scenario knows."))
    start = _number(data, "start_year", "", low=1900, high=2200, required=True, integer=True)
    horizon = _number(
        data, "horizon_years", "", low=1, high=MAX_HORIZON, required=True, integer=True
    )
    end = start + horizon - 1
    participants = _number(data, "participants", "", low=1, high=10**7, required=True, integer=True)
    successes = _number(data, "successes", "", low=0, high=None, integer=True)
    rate = _number(data, "success_rate", "", low=0, high=1)
    if successes is not None and rate is not None:
        raise ScenarioError("successes", _("%(field)s and success_rate: give one, not both."))
    if successes is not None:
        if successes > participants:
            raise ScenarioError(
                "successes",
                _("%(field)s (%(k)s) cannot exceed participants (%(n)s)."),
                k=successes,
                n=participants,
            )
        rate = successes / participants
    if rate is None:
        raise ScenarioError("success_rate", _("%(field)s is missing (or give successes)."))
    discount = data.get("discount_rate", 0.04)
    if discount != R109:
        if isinstance(discount, str):
            raise ScenarioError(
                "discount_rate", _('%(field)s must be a rate such as 0.04 or "R-109".')
            )
        discount = _number(data, "discount_rate", "", low=0, high=0.2)
    first_effect = _number(data, "first_effect_year", "", low=start, high=end, integer=True)
    duration = _number(data, "effect_duration", "", low=1, high=MAX_HORIZON, integer=True)
    costs = []
    for i, item in enumerate(_table_list(data, "costs")):
        where = f"costs[{i}]."
        costs.append(
            Cost(
                year=_number(item, "year", where, low=start, high=end, required=True, integer=True),
                amount=_number(item, "amount", where, low=0, high=1e12, required=True),
                payer=_choice(item, "payer", where, PAYERS, default="municipality"),
            )
        )
    benefits = []
    for i, item in enumerate(_table_list(data, "benefits")):
        where = f"benefits[{i}]."
        category = _choice(item, "category", where, CATEGORIES)
        payer = _choice(item, "payer", where, PAYERS)
        amount = _number(item, "amount", where, low=-1e9, high=1e9, required=True)
        first = _number(item, "first_year", where, low=start, high=end, integer=True)
        first = first if first is not None else (first_effect if first_effect else start + 1)
        if first > end:
            raise ScenarioError(f"{where}first_year", _("%(field)s is after the horizon."))
        years = _number(item, "years", where, low=1, high=MAX_HORIZON, integer=True)
        years = years if years is not None else (duration or end - first + 1)
        benefits.append(Benefit(category, payer, amount, first, years))
    growth = data.get("real_growth", {})
    if not isinstance(growth, dict):
        raise ScenarioError("real_growth", _("%(field)s must be a table of category = rate."))
    real_growth = {}
    for key in growth:
        _choice({"category": key}, "category", "real_growth.", CATEGORIES)
        real_growth[key] = _number(growth, key, "real_growth.", low=-0.1, high=0.1)
    scenario = Scenario(
        start_year=start,
        horizon_years=horizon,
        participants=participants,
        successes=successes,
        success_rate=rate,
        discount_rate=discount,
        deadweight=_number(data, "deadweight", "", low=0, high=1, default=0.0),
        attribution=_number(data, "attribution", "", low=0, high=1, default=1.0),
        displacement=_number(data, "displacement", "", low=0, high=1, default=0.0),
        drop_off=_number(data, "drop_off", "", low=0, high=1, default=0.0),
        effect_duration=duration,
        price_year=_number(data, "price_year", "", low=1900, high=2200, integer=True),
        real_growth=real_growth,
        optimism_bias=_number(data, "optimism_bias", "", low=0, high=2, default=0.0),
        tax_financing_cost=_number(data, "tax_financing_cost", "", low=0, high=1, default=0.0),
        costs=tuple(costs),
        benefits=tuple(benefits),
    )
    mc = data.get("monte_carlo", {})
    if not isinstance(mc, dict):
        raise ScenarioError("monte_carlo", _("%(field)s must be a table."))
    return _parse_monte_carlo(scenario, mc)


def _parse_monte_carlo(scenario: Scenario, mc: dict) -> Scenario:
    unknown = sorted(set(mc) - {"draws", "seed", "ranges"})
    if unknown:
        raise ScenarioError(
            f"monte_carlo.{unknown[0]}", _("%(field)s is not a setting the scenario knows.")
        )
    draws = _number(mc, "draws", "monte_carlo.", low=1, high=200_000, integer=True, default=1000)
    seed = _number(mc, "seed", "monte_carlo.", low=0, high=2**63 - 1, integer=True)
    raw = mc.get("ranges", {})
    if not isinstance(raw, dict):
        raise ScenarioError("monte_carlo.ranges", _("%(field)s must be a table."))
    limits = {
        "success_rate": (0, 1),
        "deadweight": (0, 1),
        "attribution": (0, 1),
        "displacement": (0, 1),
        "drop_off": (0, 1),
        "effect_duration": (1, MAX_HORIZON),
        "discount_rate": (0, 0.2),
        "cost_factor": (0, 10),
        "benefit_factor": (0, 10),
    }
    ranges = {}
    for key, value in raw.items():
        name = f"monte_carlo.ranges.{key}"
        if key not in limits:
            raise ScenarioError(name, _("%(field)s is not a parameter that can vary."))
        if key == "success_rate" and value == "beta":
            if scenario.successes is None:
                raise ScenarioError(name, _('%(field)s = "beta" needs successes (k), not a rate.'))
            ranges[key] = Range(0.0, 1.0, beta=True)
            continue
        if key == "discount_rate" and scenario.discount_rate == R109:
            raise ScenarioError(name, _("%(field)s cannot vary with the R-109 declining rates."))
        if (
            not isinstance(value, list)
            or len(value) not in (2, 3)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise ScenarioError(
                name, _("%(field)s must be [low, high] or [low, most likely, high].")
            )
        low, high = limits[key]
        for v in value:
            if not (math.isfinite(v) and low <= v <= high):
                raise ScenarioError(
                    name,
                    _("%(field)s must be between %(low)s and %(high)s (it is %(value)s)."),
                    low=low,
                    high=high,
                    value=v,
                )
        if list(value) != sorted(value):
            raise ScenarioError(name, _("%(field)s must go from low to high."))
        if len(value) == 3:
            ranges[key] = Range(float(value[0]), float(value[2]), mode=float(value[1]))
        else:
            ranges[key] = Range(float(value[0]), float(value[1]))
    return replace(
        scenario, ranges=ranges, draws=draws, seed=seed if seed is not None else scenario.seed
    )


# ---------------------------------------------------------------- discounting and finance


def discount_factors(rate: float | str, horizon: int) -> np.ndarray:
    """Discount factor for years 0..horizon-1: a constant rate or R-109's declining steps."""
    t = np.arange(horizon, dtype=float)
    if rate != R109:
        return (1.0 + float(rate)) ** -t
    # Year t is reached through the years 1..t, each discounted at the rate in force then.
    rates = np.zeros(horizon)
    for start, step_rate in R109_STEPS:
        rates[t > start] = step_rate
    return 1.0 / np.cumprod(1.0 + rates)


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 at the end of each year 1..years: (1 − (1 + r)^−n) / r."""
    if years < 0:
        raise ScenarioError("years", _("%(field)s must be zero or more."))
    if rate == 0:
        return float(years)
    return (1.0 - (1.0 + rate) ** -years) / rate


def npv(rate: float, flows) -> float:
    """Net present value, the first flow undiscounted (numpy-financial's convention)."""
    flows = np.asarray(flows, dtype=float)
    return float(np.sum(flows * discount_factors(rate, len(flows))))


def irr(flows) -> float | None:
    """Internal rate of return: the real root of the flows' polynomial nearest zero, above
    −100 %; None when there is none (e.g. flows of one sign)."""
    flows = np.trim_zeros(np.asarray(flows, dtype=float), "b")
    if flows.size < 2 or not (np.any(flows > 0) and np.any(flows < 0)):
        return None
    # NPV = Σ f_t x^t with x = 1 / (1 + r); np.roots wants the highest power first.
    scaled = flows / np.max(np.abs(flows))  # same roots, no overflow on tiny or huge flows
    try:
        with np.errstate(all="ignore"):
            roots = np.roots(scaled[::-1])
    except np.linalg.LinAlgError:
        return None
    roots = roots[np.isfinite(roots)]
    real = roots[np.isclose(roots.imag, 0) & (roots.real > 0)].real
    if real.size == 0:
        return None
    rates = 1.0 / real - 1.0
    return float(rates[np.argmin(np.abs(rates))])


def break_even_index(cumulative: np.ndarray) -> np.ndarray:
    """Per row of ``cumulative`` (…, T): the first index from which it stays ≥ 0 to the end,
    or −1 when it ends below zero (the index after the last negative value)."""
    negative = cumulative < -ZERO_TOLERANCE
    last = cumulative.shape[-1] - 1 - np.argmax(negative[..., ::-1], axis=-1)
    first = np.where(negative.any(axis=-1), last + 1, 0)
    return np.where(negative[..., -1], -1, first)


# ---------------------------------------------------------------- the vectorised core


@dataclass(frozen=True)
class Prepared:
    """What does not change between draws. Benefit lines that are active in the same
    years share one "window" g, so a draw's fade-out is computed once per window:
    benefits[d, t, c, p] = effective[d] × Σ_g remaining[d, age_g(t)] × profile[g, t, c, p]."""

    profile: np.ndarray  # (G, T, C, P) amount × real growth, zero outside the window
    elapsed: np.ndarray  # (G, T) years since the window's first year, −1 outside it
    costs: np.ndarray  # (T, P)

    @property
    def by_payer(self) -> np.ndarray:  # (G, T, P)
        return self.profile.sum(axis=2)


def prepare(scenario: Scenario) -> Prepared:
    horizon = scenario.horizon_years
    years = scenario.years
    price_year = scenario.price_year or scenario.start_year
    windows = sorted({(line.first_year, line.years) for line in scenario.benefits})
    index = {window: g for g, window in enumerate(windows)}
    profile = np.zeros((len(windows), horizon, len(CATEGORIES), len(PAYERS)))
    elapsed = np.full((len(windows), horizon), -1, dtype=np.int64)
    for (first, length), g in index.items():
        since = years - first
        elapsed[g] = np.where((since >= 0) & (since < length), since, -1)
    for line in scenario.benefits:
        g = index[(line.first_year, line.years)]
        growth = (1.0 + scenario.real_growth.get(line.category, 0.0)) ** (years - price_year)
        active = elapsed[g] >= 0
        profile[g, :, CATEGORIES.index(line.category), PAYERS.index(line.payer)] += np.where(
            active, line.amount * growth, 0.0
        )
    costs = np.zeros((horizon, len(PAYERS)))
    for cost in scenario.costs:
        costs[cost.year - scenario.start_year, PAYERS.index(cost.payer)] += cost.amount
    return Prepared(profile=profile, elapsed=elapsed, costs=costs)


def _column(value, draws: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (draws,)).astype(float)


def draw_parameters(scenario: Scenario, draws: int | None = None, seed: int | None = None):
    """Each ranged parameter drawn ``draws`` times (seeded); the others fixed."""
    draws = draws or scenario.draws
    rng = np.random.default_rng(scenario.seed if seed is None else seed)
    params = base_parameters(scenario, draws)
    for name in RANGED_PARAMETERS:  # a fixed order keeps a seed's draws reproducible
        spec = scenario.ranges.get(name)
        if spec is None:
            continue
        if spec.beta:
            k, n = scenario.successes, scenario.participants
            params[name] = rng.beta(k + 1, n - k + 1, size=draws)
        elif spec.mode is not None and spec.high > spec.low:
            params[name] = rng.triangular(spec.low, spec.mode, spec.high, size=draws)
        else:
            params[name] = rng.uniform(spec.low, spec.high, size=draws)
        if name == "effect_duration":
            params[name] = np.rint(params[name])
    return params


def base_parameters(scenario: Scenario, draws: int = 1) -> dict[str, np.ndarray]:
    rate = scenario.discount_rate
    return {
        "success_rate": _column(scenario.success_rate, draws),
        "deadweight": _column(scenario.deadweight, draws),
        "attribution": _column(scenario.attribution, draws),
        "displacement": _column(scenario.displacement, draws),
        "drop_off": _column(scenario.drop_off, draws),
        "effect_duration": _column(scenario.effect_duration or MAX_HORIZON + 1, draws),
        "discount_rate": _column(np.nan if rate == R109 else rate, draws),
        "cost_factor": _column(1.0, draws),
        "benefit_factor": _column(1.0, draws),
    }


@dataclass
class Flows:
    """Yearly flows of D draws over T years, C categories and P payers."""

    benefits: np.ndarray  # (D, T, C, P) when by_category, else (D, T, P)
    costs: np.ndarray  # (D, T, P)
    discount: np.ndarray  # (D, T)


@dataclass(frozen=True)
class DrawTerms:
    """Per draw, what the flows are made of; the flows themselves are
    benefits[d, t, ·] = Σ_g weight[d, g, t] × profile[g, t, ·] and
    costs[d, t, p] = cost_scale[d] × costs[t, p]."""

    weight: np.ndarray  # (D, G, T) effective successes still counted, per window and year
    cost_scale: np.ndarray  # (D,)
    discount: np.ndarray  # (D, T)


def draw_terms(scenario: Scenario, params: dict[str, np.ndarray], prep: Prepared) -> DrawTerms:
    draws = len(params["success_rate"])
    horizon = scenario.horizon_years
    effective = (
        scenario.participants
        * params["success_rate"]
        * (1.0 - params["deadweight"])
        * params["attribution"]
        * (1.0 - params["displacement"])
        * params["benefit_factor"]
    )  # (D,)
    # (D, E): what is left of the effect e years after a window's first year.
    ages = np.arange(horizon)
    remaining = (1.0 - params["drop_off"])[:, None] ** ages[None, :]
    remaining = np.where(ages[None, :] < params["effect_duration"][:, None], remaining, 0.0)
    remaining *= effective[:, None]
    elapsed = prep.elapsed
    weight = np.where(elapsed >= 0, remaining[:, np.maximum(elapsed, 0)], 0.0)  # (D, G, T)
    cost_scale = (1.0 + scenario.optimism_bias) * params["cost_factor"]
    if scenario.discount_rate == R109:
        discount = np.broadcast_to(discount_factors(R109, horizon), (draws, horizon))
    else:
        discount = (1.0 + params["discount_rate"])[:, None] ** -ages[None, :].astype(float)
    return DrawTerms(weight=weight, cost_scale=cost_scale, discount=discount)


def simulate(
    scenario: Scenario, params: dict[str, np.ndarray], *, prepared=None, by_category=False
) -> Flows:
    """The yearly flows for every draw of ``params`` (arrays of length D), all at once."""
    prep = prepared or prepare(scenario)
    terms = draw_terms(scenario, params, prep)
    if by_category:
        benefits = np.einsum("dgt,gtcp->dtcp", terms.weight, prep.profile, optimize=True)
    else:
        benefits = np.einsum("dgt,gtp->dtp", terms.weight, prep.by_payer, optimize=True)
    costs = prep.costs[None, :, :] * terms.cost_scale[:, None, None]
    return Flows(benefits=benefits, costs=costs, discount=terms.discount)


def present_values(prep: Prepared, terms: DrawTerms) -> np.ndarray:
    """Net present value per draw and payer (D, P), NOK. Contracted with einsum: with
    only three payers a BLAS matrix product is slower here (measured)."""
    benefits = np.einsum("dgt,gtp->dtp", terms.weight, prep.by_payer, optimize=True)
    pv_benefits = np.einsum("dtp,dt->dp", benefits, terms.discount)
    pv_costs = np.einsum("dt,tp->dp", terms.discount, prep.costs) * terms.cost_scale[:, None]
    return pv_benefits - pv_costs


def net_totals(prep: Prepared, terms: DrawTerms) -> np.ndarray:
    """The yearly net flow per draw summed over payers (D, T), NOK, undiscounted."""
    benefits = np.einsum("dgt,gt->dt", terms.weight, prep.by_payer.sum(axis=2))
    return benefits - terms.cost_scale[:, None] * prep.costs.sum(axis=1)[None, :]


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class PayerResult:
    payer: str
    npv: float
    pv_benefits: float
    pv_costs: float
    break_even_year_discounted: int | None
    break_even_year_undiscounted: int | None
    funds_measure: bool


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    years: list[int]
    benefits: np.ndarray  # (T, C, P) avoided public cost
    costs: np.ndarray  # (T, P)
    discount: np.ndarray  # (T,)
    npv: float
    pv_benefits: float
    pv_costs: float
    bcr: float | None
    break_even_year_discounted: int | None
    break_even_year_undiscounted: int | None
    payers: dict[str, PayerResult]
    switching_success_rate: float | None
    irr: float | None
    socio_economic_npv: float | None

    @property
    def npv_per_participant(self) -> float:
        return self.npv / self.scenario.participants

    @property
    def net(self) -> np.ndarray:  # (T, P)
        return self.benefits.sum(axis=1) - self.costs

    def cumulative(self, *, discounted=True) -> np.ndarray:  # (T, P + 1): payers, then total
        net = self.net * (self.discount[:, None] if discounted else 1.0)
        both = np.concatenate([net, net.sum(axis=1, keepdims=True)], axis=1)
        return np.cumsum(both, axis=0)


def _year(scenario: Scenario, index) -> int | None:
    index = int(index)
    return None if index < 0 else scenario.start_year + index


def evaluate(scenario: Scenario) -> Result:
    prep = prepare(scenario)
    flows = simulate(scenario, base_parameters(scenario), prepared=prep, by_category=True)
    benefits, costs, discount = flows.benefits[0], flows.costs[0], flows.discount[0]
    pv_b_payer = np.einsum("tcp,t->p", benefits, discount)
    pv_c_payer = costs.T @ discount
    net = benefits.sum(axis=1) - costs  # (T, P)
    with_total = np.concatenate([net, net.sum(axis=1, keepdims=True)], axis=1)
    be_disc = break_even_index(np.cumsum(with_total * discount[:, None], axis=0).T)
    be_undisc = break_even_index(np.cumsum(with_total, axis=0).T)
    payers = {
        payer: PayerResult(
            payer=payer,
            npv=float(pv_b_payer[p] - pv_c_payer[p]),
            pv_benefits=float(pv_b_payer[p]),
            pv_costs=float(pv_c_payer[p]),
            break_even_year_discounted=_year(scenario, be_disc[p]),
            break_even_year_undiscounted=_year(scenario, be_undisc[p]),
            funds_measure=bool(costs[:, p].sum() > 0),
        )
        for p, payer in enumerate(PAYERS)
    }
    pv_b, pv_c = float(pv_b_payer.sum()), float(pv_c_payer.sum())
    # NPV is linear in the success rate: NPV(s) = s × PV(benefits at s = 1) − PV(costs).
    per_rate = pv_b / scenario.success_rate if scenario.success_rate > 0 else None
    if per_rate is None:
        unit = simulate(
            scenario, {**base_parameters(scenario), "success_rate": np.ones(1)}, prepared=prep
        )
        per_rate = float(np.einsum("tp,t->", unit.benefits[0], unit.discount[0]))
    switching = pv_c / per_rate if per_rate > 0 else None
    socio = None
    if scenario.tax_financing_cost > 0:
        tfc = scenario.tax_financing_cost
        weight = np.array([tfc if c in TRANSFER_CATEGORIES else 1 + tfc for c in CATEGORIES])
        socio = float(np.einsum("tcp,c,t->", benefits, weight, discount) - (1 + tfc) * pv_c)
    return Result(
        scenario=scenario,
        years=[int(y) for y in scenario.years],
        benefits=benefits,
        costs=costs,
        discount=discount,
        npv=pv_b - pv_c,
        pv_benefits=pv_b,
        pv_costs=pv_c,
        bcr=pv_b / pv_c if pv_c > 0 else None,
        break_even_year_discounted=_year(scenario, be_disc[-1]),
        break_even_year_undiscounted=_year(scenario, be_undisc[-1]),
        payers=payers,
        switching_success_rate=switching,
        irr=irr(net.sum(axis=1)),
        socio_economic_npv=socio,
    )


# ---------------------------------------------------------------- sensitivity and Monte Carlo


@dataclass(frozen=True)
class SensitivityRow:
    parameter: str
    low: float
    high: float
    npv_low: float
    npv_high: float

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


def sensitivity_bounds(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Low and high value per parameter: the Monte Carlo range when given, else a
    conventional one around the scenario's value."""
    s = scenario
    rate = s.discount_rate
    duration = s.effect_duration or max((b.years for b in s.benefits), default=1)
    bounds = {
        "success_rate": (max(0.0, s.success_rate * 0.8), min(1.0, s.success_rate * 1.2)),
        "deadweight": (s.deadweight, min(1.0, s.deadweight + 0.2)),
        "attribution": (max(0.0, s.attribution - 0.2), s.attribution),
        "displacement": (s.displacement, min(1.0, s.displacement + 0.2)),
        "drop_off": (s.drop_off, min(1.0, s.drop_off + 0.1)),
        "effect_duration": (max(1, round(duration / 2)), duration),
        "cost_factor": (0.8, 1.5),
        "benefit_factor": (0.75, 1.25),
    }
    if rate != R109:
        bounds["discount_rate"] = (max(0.0, rate - 0.02), rate + 0.02)
    for name, spec in s.ranges.items():
        if spec.beta:
            n, k = s.participants, s.successes
            # the central 90 % of Beta(k + 1, N − k + 1), approximated by its normal
            mean = (k + 1) / (n + 2)
            sd = math.sqrt(mean * (1 - mean) / (n + 3))
            bounds[name] = (max(0.0, mean - 1.645 * sd), min(1.0, mean + 1.645 * sd))
        elif name in bounds:
            bounds[name] = (spec.low, spec.high)
    return bounds


def sensitivity(scenario: Scenario) -> list[SensitivityRow]:
    """One-at-a-time sensitivity: every low and high value in one vectorised run. The rows
    come largest swing first, ready for a tornado chart."""
    bounds = sensitivity_bounds(scenario)
    names = list(bounds)
    draws = 2 * len(names)
    params = base_parameters(scenario, draws)
    for i, name in enumerate(names):
        params[name] = params[name].copy()
        params[name][2 * i], params[name][2 * i + 1] = bounds[name]
    prep = prepare(scenario)
    npvs = present_values(prep, draw_terms(scenario, params, prep)).sum(axis=1)
    rows = [
        SensitivityRow(name, *bounds[name], float(npvs[2 * i]), float(npvs[2 * i + 1]))
        for i, name in enumerate(names)
    ]
    return sorted(rows, key=lambda row: -row.swing)


@dataclass(frozen=True)
class MonteCarloResult:
    draws: int
    seed: int
    npv: np.ndarray  # (D,)
    npv_by_payer: np.ndarray  # (D, P)
    break_even_discounted: np.ndarray  # (D,) calendar year, −1 = not within the horizon
    break_even_undiscounted: np.ndarray

    @property
    def probability_pays_off(self) -> float:
        """Share of draws that break even (discounted) within the horizon."""
        return float(np.mean(self.break_even_discounted >= 0))

    @property
    def probability_positive_npv(self) -> float:
        return float(np.mean(self.npv > 0))

    def percentiles(self, values=None, q=(5, 50, 95)) -> dict[int, float]:
        values = self.npv if values is None else values
        return {p: float(v) for p, v in zip(q, np.percentile(values, q), strict=True)}

    def break_even_histogram(self) -> list[tuple[int | None, int]]:
        years, counts = np.unique(self.break_even_discounted, return_counts=True)
        rows = [(int(y), int(c)) for y, c in zip(years, counts, strict=True) if y >= 0]
        never = int(counts[years < 0].sum())
        return rows + ([(None, never)] if never else [])


def monte_carlo(scenario: Scenario, *, draws=None, seed=None) -> MonteCarloResult:
    params = draw_parameters(scenario, draws, seed)
    return summarise_draws(scenario, params, seed=seed)


def summarise_draws(scenario: Scenario, params, *, seed=None, prepared=None) -> MonteCarloResult:
    """NPV per draw and payer and the break-even years of ``params``' draws, without
    building the (D, T, P) flows (benchmarks/bench_outside_account.py times this)."""
    prep = prepared or prepare(scenario)
    terms = draw_terms(scenario, params, prep)
    by_payer = present_values(prep, terms)
    net = net_totals(prep, terms)
    start = scenario.start_year
    be_disc = break_even_index(np.cumsum(net * terms.discount, axis=1))
    be_undisc = break_even_index(np.cumsum(net, axis=1))
    return MonteCarloResult(
        draws=len(params["success_rate"]),
        seed=scenario.seed if seed is None else seed,
        npv=by_payer.sum(axis=1),
        npv_by_payer=by_payer,
        break_even_discounted=np.where(be_disc >= 0, be_disc + start, -1),
        break_even_undiscounted=np.where(be_undisc >= 0, be_undisc + start, -1),
    )
