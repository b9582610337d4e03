"""Help tasks: other help the team agreed, carried out by a responsible service."""

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.subprojects.access import require_team_seat
from samskap.support.models import OtherHelp, ReturnedPaymentTask, TaskStatus


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


def returned_payment_tasks_follow(
    *, household, old_contact_person, new_contact_person, acting_user
) -> int:
    """The household has a new contact person (`people.handovers`): the open tasks after a
    payment the bank sent back, waiting for the old one, go to the new one. Runs inside
    the hand-over's transaction, which checked its user and writes the audit row; done
    tasks stay with whoever did them. The number of tasks moved."""
    return ReturnedPaymentTask.objects.filter(
        request__household=household, assigned_to=old_contact_person, done_at=None
    ).update(assigned_to=new_contact_person)
