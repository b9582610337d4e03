"""Every other list and dashboard page runs as many queries with many rows as with few
(issue 14): the start pages of every role, the team's task list, the economist's lists, the
oversight and effects overviews, measured at two data sizes and pinned to a ceiling."""

from samskap.payments.models import PaymentBatch
from tests.web.test_page_queries import counts, grow

SUB = "Stødig start"

# (url name, its arguments from the demo, who looks, the pinned number of queries).
PAGES = [
    ("web:home", lambda demo: [], "kontakt", 11),
    ("web:home", lambda demo: [], "leder", 11),
    ("web:home", lambda demo: [], "okonom", 8),
    ("web:home", lambda demo: [], "stat", 3),
    ("subprojects:list", lambda demo: [], "okonom", 4),
    # The lead's links to hand a colleague's households over: one query (people).
    (
        "subprojects:detail",
        lambda demo: [demo["subprojects"][SUB].pk],
        "leder",
        11,
    ),  # + the old purpose text, the effects goals (+3 prefetches)
    ("support:tasks", lambda demo: [], "kontakt", 9),
    ("support:escalated", lambda demo: [], "okonom", 3),
    ("support:repayments", lambda demo: [], "okonom", 3),
    ("payments:batch", lambda demo: [PaymentBatch.objects.latest("pk").pk], "okonom", 7),
    ("oversight:pot_distribution", lambda demo: [], "okonom", 13),
    ("oversight:state", lambda demo: [], "stat", 20),
    ("oversight:signals", lambda demo: [], "okonom", 16),
    ("oversight:time_to_help", lambda demo: [], "okonom", 13),
    ("oversight:continuation_list", lambda demo: [], "okonom", 6),
    ("oversight:continuation_list", lambda demo: [], "leder", 10),
    (
        "effects:index",
        lambda demo: [],
        "okonom",
        4,
    ),  # + the programmes whose goals the manager sets
    ("effects:report", lambda demo: [demo["subprojects"][SUB].pk], "okonom", 11),
    ("effects:participants", lambda demo: [demo["subprojects"][SUB].pk], "leder", 7),
    ("outside_account:index", lambda demo: [], "okonom", 3),
    ("accounts:users", lambda demo: [], "admin", 5),
]


def test_other_list_and_dashboard_pages_do_not_query_more_with_more_rows(demo, client_for):
    grow(demo, households=2, payments=4)
    small = counts(demo, client_for, PAGES)
    grow(demo, households=12, payments=60)
    large = counts(demo, client_for, PAGES)
    assert large == small
    assert small == {(name, user): ceiling for name, _args, user, ceiling in PAGES}
