"""The guide to ethics in the work: its version, and whether someone may decide.

Deciding money from the shared pot is exercising delegated authority. Before their first
decision, and again every year, the person reads the guide and acknowledges it
(`services.ethics_acknowledge`). The support flow's decision services run
`require_acknowledged` through `samskap.support.decision_guards` (registered in
`OversightConfig.ready()`), so a meeting, a second approval or a refusal by someone who
has not acknowledged the current version within a year is refused with a link to the guide.

A new version of the guide (a changed `GUIDE_VERSION`) asks everyone to read it again.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.oversight.models import EthicsAcknowledgement

GUIDE_VERSION = "2026.1"


class EthicsNotAcknowledged(DomainError):
    """The person has not acknowledged the current guide within the last year."""


def valid_until(acknowledged_on: datetime.date) -> datetime.date:
    """The last day an acknowledgement made on `acknowledged_on` counts: a year, less a day."""
    try:
        year_later = acknowledged_on.replace(year=acknowledged_on.year + 1)
    except ValueError:  # 29 February: the year after has none
        year_later = datetime.date(acknowledged_on.year + 1, 3, 1)
    return year_later - datetime.timedelta(days=1)


def latest_acknowledgement(*, user) -> EthicsAcknowledgement | None:
    """The user's latest acknowledgement of the current version (one query)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        EthicsAcknowledgement.objects.filter(user_id=user.pk, version=GUIDE_VERSION)
        .order_by("-acknowledged_at", "-pk")
        .first()
    )


def acknowledgement_valid_until(*, user, today: datetime.date | None = None):
    """The last day the user may decide on their acknowledgement, or None when they have
    none that counts today."""
    latest = latest_acknowledgement(user=user)
    if latest is None:
        return None
    today = today or timezone.localdate()
    last_day = valid_until(timezone.localdate(latest.acknowledged_at))
    return last_day if last_day >= today else None


def has_acknowledged(*, user, today: datetime.date | None = None) -> bool:
    return acknowledgement_valid_until(user=user, today=today) is not None


def require_acknowledged(*, user) -> None:
    """The decision guard: refuse someone who has not acknowledged the guide this year."""
    if has_acknowledged(user=user):
        return
    raise EthicsNotAcknowledged(
        format_html(
            '{} <a href="{}">{}</a>',
            _(
                "Before you decide, read the guide to ethics in the work and confirm that "
                "you have read it. It is asked before your first decision and again every "
                "year."
            ),
            reverse("oversight:ethics"),
            _("Read the guide to ethics in the work"),
        )
    )
