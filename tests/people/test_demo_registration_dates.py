"""The demo's households were registered before anything was done with them (the trial:
"Registrert" showed the time the demo was loaded, after the family's own letter and
request)."""

from django.db.models import Min

from samskap.people.models import Enrolment, Household
from samskap.support.models import MotivationLetter, NeedsMapping, SupportRequest


def test_every_demo_household_was_registered_before_its_first_step(demo):
    households = Household.objects.all()
    assert households.count() > 20
    earliest = {}
    for model, field in (
        (NeedsMapping, "mapped_at"),
        (MotivationLetter, "written_at"),
        (SupportRequest, "requested_at"),
        (Enrolment, "enrolled_at"),
    ):
        for row in model.objects.values("household_id").annotate(first=Min(field)):
            known = earliest.get(row["household_id"])
            earliest[row["household_id"]] = min(filter(None, [known, row["first"]]))
    late = [
        (home.alias, home.created_at, earliest[home.pk])
        for home in households
        if home.pk in earliest and home.created_at > earliest[home.pk]
    ]
    assert late == []


def test_the_demo_households_are_not_all_registered_at_load_time(demo):
    newest = Household.objects.order_by("-created_at").values_list("created_at", flat=True)[0]
    backdated = Household.objects.filter(created_at__lt=newest.replace(microsecond=0)).count()
    assert backdated >= Household.objects.count() * 3 // 4
