"""Dates of the day follow the municipality's clock (settings.TIME_ZONE), never the server's:
`timezone.localdate()`, not `date.today()`, anywhere in the application."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "samskap"
NAIVE_TODAY = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)")


def test_no_naive_today_in_the_application():
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if NAIVE_TODAY.search(line)
    ]
    assert offenders == []
