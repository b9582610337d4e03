"""Acknowledging the guide to ethics in the work."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.oversight.ethics import GUIDE_VERSION
from samskap.oversight.models import EthicsAcknowledgement


def may_acknowledge(user) -> bool:
    """Staff of a municipality: the people who may hold delegated authority."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.municipality_id
    )


@transaction.atomic
def ethics_acknowledge(*, acting_user, version: str) -> EthicsAcknowledgement:
    """`acting_user` confirms they have read `version` of the guide; it counts for a year.

    Personal: nobody acknowledges for someone else, and the system cannot. A form showing an
    older version than the current one is refused, so nobody confirms a text they did not see.
    """
    if not may_acknowledge(acting_user):
        raise NotFoundOrForbidden("ethics")
    if version != GUIDE_VERSION:
        raise DomainError(
            _("The guide has changed since the page was opened. Read it again and confirm.")
        )
    acknowledgement = EthicsAcknowledgement.objects.create(
        user=acting_user, version=GUIDE_VERSION, acknowledged_at=timezone.now()
    )
    audit_record_create(
        actor=acting_user,
        action="ethics.acknowledge",
        target=acknowledgement,
        new_values={"version": GUIDE_VERSION},
        municipality_id=acting_user.municipality_id,
    )
    return acknowledgement
