"""Help tasks: other help the team agreed, carried out by a responsible service."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.subprojects.access import require_team_seat
from samskap.support.models import OtherHelp, TaskStatus


@transaction.atomic
def help_task_done(*, acting_user, task: OtherHelp) -> OtherHelp:
    task = (
        OtherHelp.objects.select_for_update().select_related("request__subproject").get(pk=task.pk)
    )
    require_team_seat(user=acting_user, subproject=task.request.subproject)
    if task.status != TaskStatus.OPEN:
        raise DomainError(_("Only open tasks can be marked as done."))
    task.status = TaskStatus.DONE
    task.save(update_fields=["status"])
    audit_record_create(
        actor=acting_user,
        action="help_task.done",
        target=task,
        new_values={"status": task.status},
        municipality=task.request.subproject.agreement.municipality,
    )
    return task
