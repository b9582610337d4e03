"""The kinds of signal and what one signal holds."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

KINDS = {
    "staff": _("Many proposals or decisions compared with the team"),
    "repeat": _("Repeated support to one household, person or account"),
    "split": _("Requests split within a short time"),
    "mutual": _("Two people who often confirm each other's decisions"),
    "account": _("Payout account changed or shared"),
    "target": _("Support outside the sub-project's target group"),
    "several": _("Support from several sub-projects at once"),
}


@dataclass(frozen=True)
class SupportFact:
    """One support behind a signal; the household is an id the page shows only to whoever
    may see it."""

    decision_id: int
    household_id: int
    subproject_id: int
    amount: Decimal
    decided_at: datetime.datetime
    proposed_by: str
    decided_by: str
    second_approver: str
    # Who proposed, decided and confirmed it (ids): nobody reviews a signal about a
    # support they had a hand in.
    staff_ids: frozenset[int] = frozenset()


@dataclass
class Signal:
    """What was seen (`why`, the data in `facts` and `supports`) and whom it concerns:
    its sub-projects (who reviews it), the staff it is about (who may not review it) and
    the households (shown only to those who may see them)."""

    key: str
    kind: str
    why: str
    subproject_ids: frozenset[int]
    staff_ids: frozenset[int] = frozenset()
    household_ids: frozenset[int] = frozenset()
    facts: list[tuple[str, str]] = field(default_factory=list)
    supports: list[SupportFact] = field(default_factory=list)

    def involves(self, user_id) -> bool:
        """Whether the signal is about `user_id`: it names them (a staff signal, a pair
        confirming each other) or they proposed, decided or confirmed as second approver
        one of the supports behind it. Such a person never reviews it (forvaltningsloven
        § 6)."""
        return user_id in self.staff_ids or any(
            user_id in support.staff_ids for support in self.supports
        )

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])
