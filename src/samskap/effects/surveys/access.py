"""Who may see a survey and write down answers: the team of the support's sub-project."""

from samskap.core.errors import NotFoundOrForbidden
from samskap.effects.surveys.models import Survey
from samskap.subprojects.selectors import subproject_ids_for_team_member


def access_survey(*, user, survey_id: int, for_write: bool = False) -> Survey:
    """The survey if `user` sits on its sub-project's team; NotFoundOrForbidden otherwise.

    The answers are the family's words about their help: only the team that works with
    them sees them (an economist's overview grants no seat; aggregates are elsewhere).
    """
    if user is None or not user.is_authenticated:
        raise NotFoundOrForbidden("survey")
    survey = (
        Survey.objects.select_related("decision__request__household", "subproject")
        .filter(pk=survey_id, subproject_id__in=subproject_ids_for_team_member(user=user))
        .first()
    )
    if survey is None:
        raise NotFoundOrForbidden("survey")
    return survey
