"""One suppression rule wherever pot figures appear (samskap.core.disclosure): a group of
fewer than five households shows no median, no 90th percentile and no total that points at
someone, and totals never give a hidden group back by subtraction."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from samskap.core import disclosure
from samskap.oversight import stats
from samskap.subprojects.models import SubProject
from samskap.support.selectors import pot_context
from tests.oversight.signal_factories import household, support

SMALL = "Liten gruppe"


@pytest.fixture
def small(demo):
    sub = SubProject.objects.create(
        agreement=demo["agreement"],
        name=SMALL,
        summary="Få husstander",
        target_group="Unge",
        age_from=16,
        age_to=23,
    )
    demo["subprojects"][SMALL] = sub
    return sub


def _give(demo, amounts, *, households=None):
    homes = households or [household(demo, subprojects=(SMALL,)) for _ in amounts]
    for number, amount in enumerate(amounts):
        support(demo, homes[number % len(homes)], amount=amount, subproject=SMALL, day=number)


def _panel(pot, sub) -> str:
    with translation.override("nb"):
        return render_to_string("support/_pot.html", {"pot": pot, "subproject": sub})


def test_one_rule_for_every_pot_figure():
    assert stats.MIN_GROUP == disclosure.MIN_GROUP == 5
    assert disclosure.suppressed(4) and disclosure.suppressed(5, 3)
    assert not disclosure.suppressed(5, 5)


def test_the_meeting_pot_panel_hides_median_and_p90_for_three_supports(demo, small):
    """The trial: the panel of a meeting and a proposal showed the median and the 90th
    percentile of 3 supports, so the three amounts."""
    _give(demo, ["1111", "2222", "3333"])
    pot = pot_context(subproject=small)
    assert pot.suppressed and pot.median is None and pot.p90 is None
    page = _panel(pot, small)
    assert "Færre enn 5 husstander" in page
    assert "2 222" not in page and "3 333" not in page


def test_many_supports_to_few_households_are_suppressed_too(demo, small):
    homes = [household(demo, subprojects=(SMALL,)) for _ in range(3)]
    _give(demo, ["1000"] * 9, households=homes)
    pot = pot_context(subproject=small)
    assert pot.decisions_this_year == 9 and pot.suppressed and pot.median is None


def test_five_households_show_the_figures(demo, small):
    _give(demo, ["1000", "2000", "3000", "4000", "5000"])
    pot = pot_context(subproject=small)
    assert not pot.suppressed and pot.median == Decimal("3000")
    assert "Færre enn 5 husstander" not in _panel(pot, small)


def test_no_decisions_says_so(demo, small):
    pot = pot_context(subproject=small)
    assert pot.median is None and "ingen vedtak ennå" in _panel(pot, small).lower()


# --- complementary suppression: totals never give a hidden group back -----------------------


def test_protect_hides_the_next_smallest_when_one_part_is_hidden():
    class Part:
        def __init__(self, ids):
            self.ids, self.protecting = set(ids), False

        @property
        def hidden(self):
            return self.protecting or 0 < len(self.ids) < disclosure.MIN_GROUP

    small, medium, large = Part({1, 2, 3}), Part(range(10, 16)), Part(range(20, 40))
    assert disclosure.protect([small, medium, large], lambda p: p.ids) is False
    assert small.hidden and medium.protecting and not large.hidden
    alone, other = Part({1, 2}), Part(range(10, 20))
    # Two parts: the other is hidden too; what the total then gives back is both together.
    assert disclosure.protect([alone, other], lambda p: p.ids) is False
    assert other.protecting
    # Nothing left to hide and the hidden part is small: the total must go.
    assert disclosure.protect([Part({1, 2}), Part(set())], lambda p: p.ids) is True


def test_the_pot_distribution_does_not_give_a_small_sub_project_back(demo, small):
    """The trial: on "Fordelingen av potten" the total minus the shown sub-projects gave
    the hidden one's sum back. Now another sub-project is hidden too, or the total is."""
    from samskap.oversight.selectors import pot_distribution

    _give(demo, ["1111", "2222", "3333"])
    d = pot_distribution(agreement=demo["agreement"])
    row = next(r for r in d.subprojects if r.label == SMALL)
    assert row.hidden
    if d.total_hidden:
        return
    shown = sum((r.summary.total for r in d.subprojects if not r.hidden), start=Decimal(0))
    difference = d.total.total - shown
    assert difference != Decimal("6666.00")  # the small group's sum is not what is left
    hidden = [r for r in d.subprojects if r.hidden and r.ids]
    assert len(hidden) >= 2
    assert len(set().union(*(r.ids for r in hidden))) >= disclosure.MIN_GROUP
    for dimension in (d.staff, d.sizes, d.single_parent, d.languages):
        hidden = set().union(*(r.ids for r in dimension if r.hidden)) if dimension else set()
        assert not 0 < len(hidden) < disclosure.MIN_GROUP


def test_the_page_shows_neither_the_small_group_nor_its_sum(demo, small, client_for):
    _give(demo, ["1111", "2222", "3333"])
    page = client_for("okonom").get("/innsyn/fordeling/").content.decode()
    assert "6\xa0666,00" not in page and "6 666,00" not in page
    assert "Færre enn 5 husstander" in page
