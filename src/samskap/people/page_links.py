"""People's links on the sub-project page (`subprojects.page_links`): for the team's lead,
"hand over households" from each colleague who is the contact person of households
enrolled in the sub-project."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.people.access import led_subproject_ids
from samskap.people.models import Household


def hand_over_links(*, subproject, user) -> list[tuple[str, str]]:
    if not user.is_authenticated or subproject.pk not in led_subproject_ids(user=user):
        return []
    counts = dict(
        Household.objects.filter(enrolments__subproject=subproject)
        .values_list("contact_person")
        .annotate(count=Count("pk", distinct=True))
    )
    people = User.objects.filter(pk__in=counts).order_by("last_name", "first_name", "pk")
    return [
        (
            _("Hand over households from %(user)s (%(count)d in this sub-project)")
            % {"user": person.get_full_name() or person.username, "count": counts[person.pk]},
            reverse("people:hand_over", args=[person.pk]),
        )
        for person in people
    ]
