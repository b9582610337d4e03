"""Labels and charts of the outside account in the user's language (page, CLI, exports)."""

from django.utils.translation import gettext as _

from samskap.outside_account import chart, engine


def payer_label(name: str) -> str:
    return {"municipality": _("Municipality"), "county": _("County"), "state": _("State")}[name]


def year_label(value) -> str:
    return str(value) if value is not None else _("not within the horizon")


def parameter_label(name: str) -> str:
    return {
        "success_rate": _("Success rate"),
        "deadweight": _("Deadweight"),
        "attribution": _("Attribution"),
        "displacement": _("Displacement"),
        "drop_off": _("Drop-off per year"),
        "effect_duration": _("Effect duration"),
        "discount_rate": _("Discount rate"),
        "cost_factor": _("Costs (factor)"),
        "benefit_factor": _("Avoided costs (factor)"),
    }.get(name, name)


def payer_sentence(payer: engine.PayerResult) -> str:
    """What the page says plainly about one payer."""
    if not payer.funds_measure and payer.pv_benefits == 0:
        return _("No costs and no avoided costs.")
    if payer.funds_measure and payer.break_even_year_discounted is None:
        return _("Pays for the measure and does not get it back within the horizon.")
    if not payer.funds_measure:
        return _("Carries no cost of the measure and saves money from the first year of effect.")
    return _("Gets its costs back (discounted) in %(year)s.") % {
        "year": payer.break_even_year_discounted
    }


def break_even_svg(result: engine.Result, *, marker_year=None, marker_label="") -> str:
    cumulative = result.cumulative(discounted=True)
    series = [
        (payer_label(name), list(cumulative[:, p]))
        for p, name in enumerate(engine.PAYERS)
        if result.costs[:, p].any() or result.benefits[:, :, p].any()
    ]
    series.append((_("Total"), list(cumulative[:, -1])))
    description = _("Cumulative discounted net flow by year. Break-even (total): %(year)s.") % {
        "year": year_label(result.break_even_year_discounted)
    }
    return chart.line_chart(
        years=result.years,
        series=series,
        title=_("Break-even: cumulative discounted net flow per payer"),
        description=description,
        marker_year=marker_year,
        marker_label=marker_label,
    )


def tornado_svg(result: engine.Result, rows) -> str:
    return chart.tornado_chart(
        rows=[(parameter_label(r.parameter), r.npv_low, r.npv_high) for r in rows],
        base=result.npv,
        title=_("Sensitivity: net present value at each parameter's low and high value"),
        description=_(
            "Bars from the net present value as assumed to the value at the low (orange) and "
            "high (blue) end of each parameter, largest swing first. The table below has the "
            "numbers."
        ),
    )
