"""No test of effects leans on a fixed calendar day near today (issue #11, new-user trial).

The demo's agreement moves with today (1 January last year to 31 December next year), and
the services judge dates against it and against today: a baseline at most five years
before the agreement, an outcome never in the future, a report period within the
agreement. A test with a fixed "2025-01-15" passes now and fails around 2031, when that
day has become more than five years before the agreement. Days in these tests are
derived from the agreement or from today; only days far from any agreement ("0001-01-01",
"2999-01-01", "9999-12-31", "2001-01-01", before every enrolment) may be written out.
"""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
# The effects tests and their neighbours: the browser journeys of the effects pages.
FILES = sorted(
    [
        *(TESTS / "effects").rglob("*.py"),
        *(TESTS / "browser").glob("test_effects_*.py"),
        TESTS / "browser" / "test_participation_journey.py",
        TESTS / "browser" / "test_survey_languages.py",
    ]
)
# A year from 2010 to 2099 written as a day: ISO, Norwegian or datetime.date(...).
NEAR_DAY = re.compile(
    r"\b20[1-9]\d-\d{2}-\d{2}\b|\b\d{2}\.\d{2}\.20[1-9]\d\b|\bdate\(\s*20[1-9]\d\s*,"
)


def test_no_effects_test_writes_out_a_day_near_today():
    here = Path(__file__).resolve()
    found = [
        f"{path.relative_to(TESTS.parent)}:{number}: {line.strip()}"
        for path in FILES
        if path.exists() and path.resolve() != here
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NEAR_DAY.search(line)
    ]
    assert found == [], "derive these days from the agreement or from today:\n" + "\n".join(found)


def test_the_pattern_catches_the_trials_baseline():
    assert NEAR_DAY.search('"baseline_date": "2025-01-15",')
    assert NEAR_DAY.search("opens_on=datetime.date(2026, 1, 1),")
    assert NEAR_DAY.search("15.01.2025")
    assert not NEAR_DAY.search('{"measured_on": "2999-01-01"}')
    assert not NEAR_DAY.search('("0001-01-01", "9999-12-31")')
