"""samskap outside_account scenario.toml [--json] [--svg out.svg]: the outside account of a
hand-written scenario (format: docs/outside-account.md)."""

import json as json_module
import tomllib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samskap.outside_account import engine, report
from samskap.outside_account.presentation import break_even_svg, payer_label, year_label


def _kr(value) -> str:
    return "-" if value is None else f"{value:,.0f}".replace(",", " ")


def _year(value) -> str:
    return year_label(value)


class Command(BaseCommand):
    help = "Compute the outside account (break-even per payer) of a scenario TOML file."

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="The scenario file (TOML)")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")
        parser.add_argument("--svg", help="Write the break-even chart to this SVG file")

    def handle(self, *args, scenario, json=False, svg=None, **options):
        path = Path(scenario)
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError as error:
            raise CommandError(_("%(file)s: no such file.") % {"file": path}) from error
        except tomllib.TOMLDecodeError as error:
            raise CommandError(
                _("%(file)s is not valid TOML: %(error)s") % {"file": path, "error": error}
            ) from error
        try:
            parsed = engine.parse_scenario(data)
        except engine.ScenarioError as error:
            raise CommandError(f"{path}: {error.translated(_)}") from error
        result = engine.evaluate(parsed)
        run = engine.monte_carlo(parsed) if parsed.ranges else None
        sensitivity = engine.sensitivity(parsed)
        if svg:
            self._write_svg(Path(svg), result)
        if json:
            self.stdout.write(
                json_module.dumps(
                    report.as_dict(result, monte_carlo=run, sensitivity=sensitivity),
                    ensure_ascii=False,
                )
            )
            return
        self._print_table(result, run, sensitivity)

    def _write_svg(self, path: Path, result) -> None:
        if not path.parent.exists():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        path.write_text(break_even_svg(result), encoding="utf-8")

    def _print_table(self, result, run, sensitivity) -> None:
        write = self.stdout.write
        cumulative = result.cumulative(discounted=True)
        heads = (_("Year"), _("Costs"), _("Avoided costs"), _("Net"), _("Cumulative (PV)"))
        write("{:>6} {:>14} {:>14} {:>14} {:>16}".format(*heads))
        for t, year in enumerate(result.years):
            write(
                f"{year:>6} {_kr(result.costs[t].sum()):>14} {_kr(result.benefits[t].sum()):>14} "
                f"{_kr(result.net[t].sum()):>14} {_kr(cumulative[t, -1]):>16}"
            )
        bcr = "-" if result.bcr is None else f"{result.bcr:.2f}"
        lines = [
            (_("Net present value"), _kr(result.npv) + " NOK"),
            (_("Net present value per participant"), _kr(result.npv_per_participant) + " NOK"),
            (_("Benefit/cost ratio"), bcr),
            (_("Break-even year, discounted"), _year(result.break_even_year_discounted)),
            (_("Break-even year, undiscounted"), _year(result.break_even_year_undiscounted)),
        ]
        if result.switching_success_rate is not None:
            lines.append(
                (_("Success rate at which NPV is zero"), f"{result.switching_success_rate:.1%}")
            )
        if result.socio_economic_npv is not None:
            lines.append((_("Socio-economic NPV"), _kr(result.socio_economic_npv) + " NOK"))
        write("")
        for label, value in lines:
            write(f"{label}: {value}")
        write("")
        for name, payer in result.payers.items():
            if not payer.funds_measure and payer.pv_benefits == 0:
                write(f"{payer_label(name)}: " + _("no costs and no avoided costs"))
                continue
            line = _("%(payer)s: NPV %(npv)s NOK, break-even %(year)s") % {
                "payer": payer_label(name),
                "npv": _kr(payer.npv),
                "year": _year(payer.break_even_year_discounted),
            }
            if payer.funds_measure and payer.break_even_year_discounted is None:
                line += " — " + _(
                    "pays for the measure and does not get it back within the horizon"
                )
            elif not payer.funds_measure:
                line += " — " + _("carries no cost of the measure")
            write(line)
        if run is not None:
            pct = run.percentiles()
            write("")
            write(
                _(
                    "Monte Carlo (%(draws)s draws, seed %(seed)s): NPV P5 %(p5)s, median "
                    "%(p50)s, P95 %(p95)s NOK; pays off within the horizon in %(share)s of draws."
                )
                % {
                    "draws": run.draws,
                    "seed": run.seed,
                    "p5": _kr(pct[5]),
                    "p50": _kr(pct[50]),
                    "p95": _kr(pct[95]),
                    "share": f"{run.probability_pays_off:.0%}",
                }
            )
        write("")
        write(_("Sensitivity (NPV at low and high value)"))
        for row in sensitivity:
            write(f"  {row.parameter:<18} {_kr(row.npv_low):>14} {_kr(row.npv_high):>14}")
