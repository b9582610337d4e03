"""The one suppression rule for figures about households (the issue: "Groups under 5
households are suppressed").

A figure over a group (a count of supports, a sum, a median, a 90th percentile) is shown
only when the group has at least MIN_GROUP households and at least MIN_GROUP of them were
counted: a median of three supports gives the three amounts back however large the group
is. Every place that shows pot figures asks `suppressed` (support's pot panel, oversight's
distribution, time to help and the state's view); where a total sits beside its parts,
oversight.state.protect adds the complementary suppression.
"""

MIN_GROUP = 5


def suppressed(*counts: int) -> bool:
    """Whether figures over a group with these household counts must be hidden: any of
    them under MIN_GROUP (zero included: there is nothing to show)."""
    return min(counts) < MIN_GROUP


def protect(parts: list, ids) -> bool:
    """Complementary suppression of parts that add up to one total shown beside them.

    `parts` have a `hidden` property (suppressed or protecting) and a settable
    `protecting`; `ids(part)` is the set of households the part counts. While the hidden
    parts together count one to four households (total minus the shown parts would give
    them back), the smallest shown part is hidden too. Returns True when no shown part is
    left to hide: then the caller hides the total.
    """
    while True:
        hidden = set().union(*(ids(part) for part in parts if part.hidden))
        if not 0 < len(hidden) < MIN_GROUP:
            return False
        shown = [part for part in parts if not part.hidden and ids(part)]
        if not shown:
            return True
        min(shown, key=lambda part: len(ids(part))).protecting = True
