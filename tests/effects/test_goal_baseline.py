"""The goals page writes a baseline as the report does: a yes/no share is "0 %", not "0"."""

from django.urls import reverse

from samskap.effects import services
from samskap.effects.models import IndicatorKind

VEIEN = "Veien til førerkortet"


def test_a_yes_no_baseline_reads_as_a_share(demo, client_for):
    veien = demo["subprojects"][VEIEN]
    goal = services.goal_create(
        acting_user=None, agreement=veien.agreement, subproject=veien, title="Førerkort"
    )
    services.indicator_create(
        acting_user=None,
        goal=goal,
        name="Har førerkort",
        kind=IndicatorKind.ACHIEVED,
        target="80",
        baseline_value="0",
        baseline_date=goal.agreement.starts_on,
        measured_when="Ved slutt",
        measured_how="Førerkortregisteret",
        recorded_by="contact_person",
    )
    page = client_for("leder").get(reverse("effects:goals", args=[veien.pk])).content.decode()
    assert f"<td>0\u00a0% ({goal.agreement.starts_on:%d.%m.%Y})</td>" in page
