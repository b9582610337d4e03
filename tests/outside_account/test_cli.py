"""samskap outside_account scenario.toml: the table, --json, --svg and bad input."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "examples" / "outside-account-reference.toml"


def run(*args):
    out = StringIO()
    call_command("outside_account", *map(str, args), stdout=out)
    return out.getvalue()


def test_the_issue_reference_file_gives_289392_per_participant_as_json():
    data = json.loads(run(REFERENCE, "--json"))
    assert data["npv"] == pytest.approx(289_392, abs=1)
    assert data["npv_per_participant"] == pytest.approx(289_392, abs=1)
    assert data["break_even_year_discounted"] == 2021
    assert data["break_even_year_undiscounted"] == 2021
    municipality = data["payers"]["municipality"]
    assert municipality["npv"] == pytest.approx(289_392, abs=1)
    assert municipality["break_even_year_discounted"] == 2021
    assert set(data["payers"]) == {"municipality", "county", "state"}
    assert len(data["years"]) == 41


def test_not_within_the_horizon_is_null_in_json_for_the_total_and_the_payer(tmp_path):
    text = REFERENCE.read_text().replace('payer = "municipality"', 'payer = "state"')
    text = text.replace("success_rate = 0.5", "success_rate = 0.0")
    scenario = tmp_path / "never.toml"
    scenario.write_text(text)
    data = json.loads(run(scenario, "--json"))
    assert data["break_even_year_discounted"] is None
    assert data["break_even_year_undiscounted"] is None
    assert data["payers"]["municipality"]["break_even_year_discounted"] is None
    assert data["npv"] == pytest.approx(-7500)


def test_the_table_names_break_even_and_the_funding_payer_that_never_breaks_even(tmp_path):
    text = REFERENCE.read_text().replace('payer = "municipality"', 'payer = "state"')
    scenario = tmp_path / "state.toml"
    scenario.write_text(text)
    out = run(scenario)
    assert "2060" in out  # the yearly table runs to the end of the horizon
    assert "289 392" in out
    municipality_line = next(
        line for line in out.splitlines() if line.startswith(("Kommune:", "Municipality:"))
    )
    assert "-7 500" in municipality_line
    assert "2021" not in municipality_line
    assert "ikke innen analyseperioden" in municipality_line


def test_svg_is_written_with_a_title_and_a_text_alternative(tmp_path):
    target = tmp_path / "chart.svg"
    run(REFERENCE, "--svg", target)
    svg = target.read_text()
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert "style=" not in svg and "<script" not in svg
    assert "2021" in svg


def test_monte_carlo_section_is_seeded(tmp_path):
    scenario = tmp_path / "mc.toml"
    scenario.write_text(
        REFERENCE.read_text()
        + "\n[monte_carlo]\ndraws = 500\nseed = 3\n[monte_carlo.ranges]\n"
        + "success_rate = [0.0, 0.01, 0.05]\n"
    )
    first = json.loads(run(scenario, "--json"))["monte_carlo"]
    assert first == json.loads(run(scenario, "--json"))["monte_carlo"]
    assert first["draws"] == 500
    assert 0 < first["probability_pays_off_within_horizon"] < 1


@pytest.mark.parametrize(
    "text, named",
    [
        ("start_year = = 2020\n", "TOML"),
        (
            "start_year = 2020\nhorizon_years = 500\nparticipants = 1\nsuccess_rate = 0.5\n",
            "horizon_years",
        ),
        (
            "start_year = 2020\nhorizon_years = 0\nparticipants = 1\nsuccess_rate = 0.5\n",
            "horizon_years",
        ),
        (
            "start_year = 2020\nhorizon_years = 5\nparticipants = -1\nsuccess_rate = 0.5\n",
            "participants",
        ),
        ("start_year = 2020\nhorizon_years = 5\nparticipants = 2\nsuccesses = 3\n", "successes"),
        (
            "start_year = 2020\nhorizon_years = 5\nparticipants = 2\nsuccess_rate = 0.5\n"
            "discount_rate = 4\n",
            "discount_rate",
        ),
        (
            "start_year = 2020\nhorizon_years = 5\nparticipants = 2\nsuccess_rate = 0.5\n"
            '[[benefits]]\ncategory = "justice"\npayer = "state"\n',
            "benefits[0].amount",
        ),
    ],
)
def test_bad_input_names_the_field_and_prints_no_result(tmp_path, text, named):
    scenario = tmp_path / "bad.toml"
    scenario.write_text(text)
    target = tmp_path / "chart.svg"
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("outside_account", str(scenario), "--json", "--svg", str(target), stdout=out)
    assert named in str(caught.value)
    assert out.getvalue() == ""
    assert not target.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.toml"):
        run(tmp_path / "nowhere.toml")


def test_the_engine_imports_no_django():
    code = (
        "import sys; import samskap.outside_account.engine, samskap.outside_account.reference, "
        "samskap.outside_account.chart, samskap.outside_account.report; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
