"""Menu entry of the effects context; the label lives here so this app translates it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.core.errors import DomainError


def effects_navigation(user) -> list[tuple[str, str]]:
    """Everyone who sees sub-projects sees their evaluation (aggregates only)."""
    return [(_("Effects"), reverse("effects:index"))]


def subproject_links(*, subproject, user) -> list[tuple[str, str]]:
    """The sub-project page's links to its goals, evaluation and (for the team) its
    participants and participation rounds."""
    from samskap.effects.access import require_team_work

    links = [(_("Effect goals and indicators"), reverse("effects:goals", args=[subproject.pk]))]
    if user.is_state_viewer:  # the state reads the evaluation in its own view
        return links
    links.append((_("Evaluation report"), reverse("effects:report", args=[subproject.pk])))
    try:
        require_team_work(user=user, subproject=subproject)
    except DomainError:
        return links
    return [
        *links,
        (_("Participants and outcomes"), reverse("effects:participants", args=[subproject.pk])),
        (_("Participation"), reverse("effects:participation", args=[subproject.pk])),
    ]
