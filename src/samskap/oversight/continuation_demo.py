"""The after-the-pilot step of the Trondheim demo (called from samskap.web.demo); idempotent.

The children of the eight refugee families of the time-to-help step take part in
"Flyktningefamilien i sentrum" until dates spread over the next year; two of those whose
time ends within six months already have a plan for which ordinary service takes over,
so the list of participants without one and the economist's start page show figures.
"""

import datetime

from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.effects.models import Participant
from samskap.effects.services import participant_enrol
from samskap.oversight.continuation_services import continuation_plan_set
from samskap.oversight.time_to_help_demo import MEETINGS, SUBPROJECT
from samskap.people.models import Member

# Days from today until each child's time in the pilot ends, in the families' order.
ENDS_IN = [20, 45, 70, 100, 130, 160, 250, 400]
# (index, service, organisation name ends with, responsible role, days after the end).
PLANS = [
    (0, "school", "utdanning", "contact_teacher", 1),
    (2, "health", "skolehelsetjeneste", "health_nurse", 1),
]


def load(context: dict) -> None:
    municipality = context["municipality"]
    subproject = context["subprojects"][SUBPROJECT]
    aliases = [row[0] for _days, rows in MEETINGS for row in rows]
    children = {
        member.household.alias: member
        for member in Member.objects.filter(
            household__municipality=municipality, household__alias__in=aliases, role="child"
        ).select_related("household")
    }
    if len(children) != len(aliases):
        return  # the time-to-help step did not run (no budget)
    if Participant.objects.filter(subproject=subproject, member__in=children.values()).exists():
        return
    today = timezone.localdate()
    participants = []
    for alias, days in zip(aliases, ENDS_IN, strict=True):
        member = children[alias]
        mapped = member.household.needs_mappings.order_by("mapped_at").first()
        starts_on = timezone.localdate(mapped.mapped_at) if mapped else today
        participants.append(
            participant_enrol(
                acting_user=None,
                subproject=subproject,
                member=member,
                starts_on=starts_on,
                # Within the agreement (the service refuses an end after it).
                ends_on=min(today + datetime.timedelta(days=days), subproject.agreement.ends_on),
            )
        )
    for index, service, organisation, role, after in PLANS:
        participant = participants[index]
        continuation_plan_set(
            acting_user=None,
            participant_id=participant.pk,
            service=service,
            organisation_id=Organisation.objects.get(
                municipality=municipality, name__endswith=organisation
            ).pk,
            responsible_role=role,
            starts_on=participant.ends_on + datetime.timedelta(days=after),
        )
