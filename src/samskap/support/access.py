"""Access choke points of the support flow: every lookup by id of a family's papers.

Needs mappings, letters, requests, decisions and help tasks belong to the team of their
sub-project: only a seat on that team opens them, whether to read or to act. An
economist's overview of the municipality and the state's viewer open none of them.
"Missing" and "not yours" raise the same NotFoundOrForbidden, so ids leak nothing; views
turn it into a 404 with `samskap.core.http.get_or_404`. The write services check the
seat again themselves (`samskap.subprojects.access.require_team_seat`), so a caller that
is not a view cannot skip it.
"""

from django.db.models import QuerySet

from samskap.accounts.access import manages_municipality
from samskap.core.errors import NotFoundOrForbidden
from samskap.core.forms import MAX_KEY
from samskap.subprojects.models import SubProject
from samskap.subprojects.selectors import subprojects_visible_to
from samskap.support.models import (
    Decision,
    MotivationLetter,
    NeedsMapping,
    OtherHelp,
    SupportRequest,
)
from samskap.support.selectors import (
    escalated_decisions,
    request_queryset,
    team_subproject_seats,
)


def _team_seats(user, *, for_write: bool) -> QuerySet | None:
    """The sub-projects whose support papers `user` may read, or with for_write act on,
    not yet read (a subquery of the caller's statement); None when there can be none.

    Both are the user's team seats today: reading a family's papers is as much the
    team's business as changing them. Callers still say which they mean, so a wider
    read (oversight, say) can never widen writes with it.
    """
    return team_subproject_seats(user=user)


def _team_scope(user, *, for_write: bool) -> set[int]:
    """`_team_seats`, read into a set."""
    seats = _team_seats(user, for_write=for_write)
    return set() if seats is None else set(seats)


def _get(queryset: QuerySet, *, pk, scope: dict, what: str, key: str = "pk"):
    if type(pk) is int and abs(pk) > MAX_KEY:  # no row has it; the database would fail
        raise NotFoundOrForbidden(what)
    try:
        return queryset.get(**{key: pk}, **scope)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundOrForbidden(what) from error


def access_team_subproject(*, user, subproject_id: int, for_write: bool = False) -> SubProject:
    """The sub-project when `user` sits on its team: its agenda and meeting are the team's.

    An economist who may see the sub-project's figures gets the same error as a stranger.
    """
    seats = _team_seats(user, for_write=for_write)
    if seats is None:
        raise NotFoundOrForbidden("subproject")
    # One statement: the sub-projects the user may see, narrowed to their team's (issue 14:
    # the seats were a query of their own on every meeting page).
    return _get(
        subprojects_visible_to(user=user),
        pk=subproject_id,
        scope={"pk__in": seats},
        what="subproject",
    )


def access_needs_mapping(*, user, needs_mapping_id: int, for_write: bool = False) -> NeedsMapping:
    return _get(
        NeedsMapping.objects.select_related(
            "household__municipality", "subproject__agreement__municipality", "recorded_by"
        ),
        pk=needs_mapping_id,
        scope={"subproject_id__in": _team_scope(user, for_write=for_write)},
        what="needs mapping",
    )


def access_letter(*, user, letter_id: int, for_write: bool = False) -> MotivationLetter:
    return _get(
        MotivationLetter.objects.select_related(
            "household__municipality", "subproject__agreement__municipality", "written_by"
        ),
        pk=letter_id,
        scope={"subproject_id__in": _team_scope(user, for_write=for_write)},
        what="letter",
    )


def access_support_request(
    *, user, support_request_id: int, for_write: bool = False
) -> SupportRequest:
    return _get(
        request_queryset(),
        pk=support_request_id,
        scope={"subproject_id__in": _team_scope(user, for_write=for_write)},
        what="request",
    )


def access_decision(
    *, user, decision_id: int | None = None, request_number=None, for_write: bool = False
) -> Decision:
    """The decision by its id, or by its request's number: the number people see ("#12")
    and the one the decision's pages are addressed by."""
    key, value = ("pk", decision_id) if request_number is None else ("request_id", request_number)
    return _get(
        Decision.objects.select_related(
            "request__household", "request__subproject__agreement__municipality"
        ),
        pk=value,
        key=key,
        scope={"request__subproject_id__in": _team_scope(user, for_write=for_write)},
        what="decision",
    )


def access_help_task(*, user, help_task_id: int, for_write: bool = False) -> OtherHelp:
    return _get(
        OtherHelp.objects.select_related("request__subproject"),
        pk=help_task_id,
        scope={"request__subproject_id__in": _team_scope(user, for_write=for_write)},
        what="task",
    )


def access_escalated_decision(*, user, request_number) -> Decision:
    """A decision escalated to the economy, by its request's number, for the
    municipality's economist or administrator; NotFoundOrForbidden otherwise (also once
    the team may confirm it)."""
    for decision in escalated_decisions(user=user):
        if str(decision.request_id) == str(request_number):
            return decision
    raise NotFoundOrForbidden("decision")


def access_decision_for_economy(*, user, decision_id=None, request_number=None) -> Decision:
    """A decision of the municipality whose economy `user` is (economist or administrator),
    for recording money that came back, by its id or its request's number. The economy
    sees amounts, never the household."""
    if not user.is_authenticated or not manages_municipality(user, user.municipality_id):
        raise NotFoundOrForbidden("decision")
    key, value = ("pk", decision_id) if request_number is None else ("request_id", request_number)
    return _get(
        Decision.objects.select_related("request__subproject__agreement"),
        pk=value,
        key=key,
        scope={"request__subproject__agreement__municipality_id": user.municipality_id},
        what="decision",
    )
