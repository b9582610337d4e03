"""People's links on the sub-project page (`subprojects.page_links`): for the team's lead,
"hand over households" from each colleague who is the contact person of households
enrolled in the sub-project."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from samskap.people.models import Household
from samskap.subprojects.models import TeamRole


def hand_over_links(*, subproject, user) -> list[tuple[str, str]]:
    """One query, for the lead only (the page has the team's seats already)."""
    leads = [
        seat.user_id for seat in subproject.memberships.all() if seat.team_role == TeamRole.LEAD
    ]
    if not user.is_authenticated or user.pk not in leads:
        return []
    rows = (
        Household.objects.filter(enrolments__subproject=subproject)
        .values_list(
            "contact_person_id",
            "contact_person__first_name",
            "contact_person__last_name",
            "contact_person__username",
        )
        .annotate(count=Count("pk", distinct=True))
        .order_by("contact_person__last_name", "contact_person__first_name", "contact_person_id")
    )
    return [
        (
            _("Hand over households from %(user)s (%(count)d in this sub-project)")
            % {"user": f"{first} {last}".strip() or username, "count": count},
            reverse("people:hand_over", args=[pk]),
        )
        for pk, first, last, username, count in rows
    ]
