"""Item 3: p50 and p95 latency of the busiest pages under 8 concurrent clients, served by
gunicorn at `medium`, against a trivial logged-in Django view served the same way.

Served as production serves (`CONN_MAX_AGE` 60: each worker keeps its PostgreSQL
connection), which is what the target is judged on; then once more with `CONN_MAX_AGE` 0
(a new backend per request, how `make bench` served until 2026-12-01), p95 only, for
comparison with the earlier runs.

Measured in rounds: each round loads the trivial view, the page shell and every page in
turn, and each figure is taken over all rounds' requests, so floor and pages see the same
machine (since 2026-12-01 13:30 UTC; before, the floor was measured once, first)."""

from django.urls import reverse

from benchmarks import data, serve
from benchmarks.rows import Result, Row
from samskap.support.models import SupportRequest

TITLE = "Pages under 8 concurrent clients (gunicorn, medium) against a trivial view"
ORDER = 30
DATA = "medium"
CLIENTS = 8
TARGET = 4
ROUNDS = 5
PRODUCTION_CONN_MAX_AGE = 60


def pages(demo) -> list[tuple[str, str, object]]:
    """(label, path, who looks) of every page the issue names."""
    subproject = sorted(demo["subprojects"].values(), key=lambda s: s.pk)[0]
    economist = demo["users"]["okonom"]
    member = data.team_member(subproject)
    household = (
        SupportRequest.objects.filter(
            subproject=subproject, household__alias__startswith="Familien medium"
        )
        .select_related("household")
        .order_by("pk")
        .first()
        .household
    )
    return [
        ("pot overview", reverse("funding:pot"), economist),
        (
            "sub-project budget",
            reverse("funding:subproject", args=[subproject.pk]),
            economist,
        ),
        (
            "meeting agenda, 50 requests",
            reverse("support:meeting", args=[subproject.pk]),
            data.chair(subproject),
        ),
        ("household list", reverse("people:list"), member),
        ("household page", reverse("people:detail", args=[household.pk]), member),
        ("payments overview", reverse("payments:overview"), economist),
        ("scheme report", reverse("funding:schemes", args=[demo["agreement"].pk]), economist),
    ]


def _serve_and_measure(bench, *, conn_max_age, listed, cookies, trivial_cookie, requests, rounds):
    """gunicorn with `conn_max_age`: the trivial view's figures, each page's, and what
    the database saw of the workers' connections while they were measured."""
    server = serve.Server(bench, conn_max_age=conn_max_age)
    try:
        # Warm every worker once on each page (imports, templates, connections).
        for _label, path, user in listed:
            serve.load(server.base + path, cookies[user.pk], clients=CLIENTS, requests=CLIENTS)
        since = serve.database_now()
        # Rounds, each the trivial view, the shell and every page in turn: a drift of the
        # machine's speed (a shared host) then reaches floor and pages alike instead of
        # landing on whichever was measured while it lasted.
        loads = {"floor": [], "shell": [], **{label: [] for label, _p, _u in listed}}
        for _round in range(rounds):
            loads["floor"].append(
                serve.load(
                    server.base + "/benk/tom/",
                    trivial_cookie,
                    clients=CLIENTS,
                    requests=requests * 2,
                )
            )
            loads["shell"].append(
                serve.load(
                    server.base + "/benk/ramme/", trivial_cookie, clients=CLIENTS, requests=requests
                )
            )
            for label, path, user in listed:
                loads[label].append(
                    serve.load(
                        server.base + path, cookies[user.pk], clients=CLIENTS, requests=requests
                    )
                )
        floor = serve.pooled(loads["floor"])
        shell = serve.pooled(loads["shell"])
        measured = {label: serve.pooled(loads[label]) for label, _p, _u in listed}
        kept, opened = serve.backends(since)
        workers = len(server.workers())
    finally:
        server.stop()
    if conn_max_age and (kept == 0 or opened > workers):
        # The settings did not reach the workers: the figures would not be production's.
        raise RuntimeError(
            f"CONN_MAX_AGE {conn_max_age}: {kept} kept backends, {opened} opened while "
            f"measuring ({workers} workers); connections are not kept"
        )
    connections = (
        f"{kept} backends kept from the warm-up, {opened} opened while measuring"
        if conn_max_age
        else f"{kept + opened} backends still open just after the load"
    )
    by_round = ", ".join(f"{one['p95'] * 1000:.0f}" for one in loads["floor"])
    note = (
        f"CONN_MAX_AGE {conn_max_age}: {workers} gunicorn workers (from settings); "
        f"{CLIENTS} clients; {rounds} round{'s' if rounds != 1 else ''} of {requests} requests "
        "per page; trivial view: "
        f"p50 {floor['p50'] * 1000:.0f} ms, p95 {floor['p95'] * 1000:.0f} ms "
        f"(by round {by_round} ms), {floor['per_second']:.1f} requests/s; {connections}"
    )
    return floor, shell, measured, note


def run(bench) -> Result:
    demo = bench.demo()
    result = Result(notes=list(bench.notes))
    requests = bench.size(64, 16)
    cookies = {}
    listed = pages(demo)
    for _label, _path, user in listed:
        if user.pk not in cookies:
            cookies[user.pk] = serve.session_cookie(user)
    trivial_cookie = cookies[demo["users"]["okonom"].pk]
    common = {
        "listed": listed,
        "cookies": cookies,
        "trivial_cookie": trivial_cookie,
        "requests": requests,
        "rounds": bench.size(ROUNDS, 1),
    }

    floor, shell, measured, note = _serve_and_measure(
        bench, conn_max_age=PRODUCTION_CONN_MAX_AGE, **common
    )
    result.notes.append(note)
    # What every page pays beyond the trivial view: base.html with nothing in it.
    result.rows.append(
        Row(
            name="page shell (base.html, no content): p95",
            figure=shell["p95"] * 1000,
            unit="ms",
            floor=floor["p95"] * 1000,
        )
    )
    for label, _path, _user in listed:
        page = measured[label]
        result.rows.append(
            Row(
                name=f"{label}: p50",
                figure=page["p50"] * 1000,
                unit="ms",
                floor=floor["p50"] * 1000,
            )
        )
        ratio = page["p95"] / floor["p95"]
        result.rows.append(
            Row(
                name=f"  {label}: p95",
                figure=page["p95"] * 1000,
                unit="ms",
                floor=floor["p95"] * 1000,
                target=f"ratio ≤ {TARGET}",
                met=ratio <= TARGET,
            )
        )
        result.notes.append(
            f"{label}: {page['per_second']:.1f} requests/s, {page['bytes'] / 1024:.0f} KB of HTML"
        )

    # For comparison only: a new PostgreSQL backend per request, as earlier runs served.
    floor0, _shell0, measured0, note0 = _serve_and_measure(bench, conn_max_age=0, **common)
    result.notes.append(note0)
    for label, _path, _user in listed:
        page = measured0[label]
        result.rows.append(
            Row(
                name=f"{label}: p95 at CONN_MAX_AGE 0 (not judged)",
                figure=page["p95"] * 1000,
                unit="ms",
                floor=floor0["p95"] * 1000,
            )
        )
        result.notes.append(f"{label}, CONN_MAX_AGE 0: {page['per_second']:.1f} requests/s")
    return result
