"""The shipped parameter library (outside_account/defaults.py)."""

from samskap.outside_account import defaults


def test_shipped_sources_are_in_bokmal():
    """The library page shows each source note as written; the interface is bokmål."""
    notes = [source for item in defaults.TARGET_GROUPS for *_rest, source in item["values"]]
    assert notes
    for note in notes:
        assert note.startswith(("Regel:", "Antakelse:")), note
        for english in ("Assumption", "Rule:", "gross wage", "percentage points", " a month"):
            assert english not in note, note
