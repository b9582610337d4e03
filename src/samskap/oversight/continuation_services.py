"""Writing a participant's plan for after the pilot: one transaction with its audit row
(ids, choices and the date; never names)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.models import Organisation
from samskap.audit.services import audited_save
from samskap.core.errors import DomainError
from samskap.effects.models import ParticipantGroup
from samskap.oversight.continuation import months_ahead
from samskap.oversight.continuation_access import access_participant
from samskap.oversight.models.continuation import ContinuationPlan, OrdinaryService, ResponsibleRole

# A plan further ahead than this is not a plan for after this pilot.
LATEST_YEARS = 5


@transaction.atomic
def continuation_plan_set(
    *,
    acting_user,
    participant_id,
    service: str,
    organisation_id,
    responsible_role: str,
    starts_on,
) -> ContinuationPlan:
    """Make or change the participant's plan; bad input raises DomainError, stores nothing."""
    participant = access_participant(user=acting_user, participant_id=participant_id)
    if participant.group != ParticipantGroup.PARTICIPANT:
        raise DomainError(_("Only the pilot's participants need a plan for after it."))
    if service not in OrdinaryService.values:
        raise DomainError(_("Choose the ordinary service that takes over."), field="service")
    if responsible_role not in ResponsibleRole.values:
        raise DomainError(_("Choose the role that is responsible."), field="responsible_role")
    municipality_id = participant.subproject.agreement.municipality_id
    try:
        organisation = Organisation.objects.get(pk=organisation_id, municipality_id=municipality_id)
    except (Organisation.DoesNotExist, ValueError, TypeError) as error:
        raise DomainError(
            _("Choose an organisation of the municipality."), field="organisation"
        ) from error
    if not isinstance(starts_on, datetime.date):
        raise DomainError(_("Enter the date the service takes over."), field="starts_on")
    if starts_on < participant.starts_on:
        raise DomainError(
            _("The service cannot take over before the participant started."), field="starts_on"
        )
    latest = months_ahead(participant.subproject.agreement.ends_on, 12 * LATEST_YEARS)
    if starts_on > latest:
        raise DomainError(
            _("The date is more than %(years)s years after the pilot ends.")
            % {"years": LATEST_YEARS},
            field="starts_on",
        )
    plan = ContinuationPlan.objects.select_for_update().filter(participant=participant).first()
    plan = plan or ContinuationPlan(participant=participant)
    plan.recorded_by = acting_user
    return audited_save(
        actor=acting_user,
        action="continuation_plan.set",
        instance=plan,
        values={
            "service": service,
            "organisation": organisation,
            "responsible_role": responsible_role,
            "starts_on": starts_on,
        },
        context={"participant": participant.pk, "subproject": participant.subproject_id},
        municipality_id=municipality_id,
    )
