"""Test helpers of oversight.

Deciding money requires a confirmed ethics guide (oversight.ethics). The demo users
confirm it in the demo step; a test that makes its own staff and lets them decide
confirms for them here, explicitly, through the same service.
"""

import datetime

from django.utils import timezone

from samskap.oversight import ethics
from samskap.oversight.models import EthicsAcknowledgement
from samskap.oversight.services import ethics_acknowledge


def acknowledge_ethics(*users, at: datetime.datetime | None = None) -> None:
    """Each user confirms the current guide (now, or at `at` to test the yearly renewal)."""
    for user in users:
        acknowledgement = ethics_acknowledge(acting_user=user, version=ethics.GUIDE_VERSION)
        if at is not None:
            EthicsAcknowledgement.objects.filter(pk=acknowledgement.pk).update(acknowledged_at=at)


def forget_ethics(*users) -> None:
    """As if the users had never confirmed the guide."""
    EthicsAcknowledgement.objects.filter(user__in=users).delete()


def months_ago(months: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=round(months * 30.44))
