"""Item 3: p50 and p95 latency of the busiest pages under 8 concurrent clients, served by
gunicorn at `medium`, against a trivial logged-in Django view served the same way."""

from django.urls import reverse

from benchmarks import data, serve
from benchmarks.rows import Result, Row
from samskap.support.models import SupportRequest

TITLE = "Pages under 8 concurrent clients (gunicorn, medium) against a trivial view"
ORDER = 30
DATA = "medium"
CLIENTS = 8
TARGET = 4


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


def run(bench) -> Result:
    demo = bench.demo()
    result = Result(notes=list(bench.notes))
    server = serve.Server(bench)
    requests = bench.size(64, 16)
    cookies = {}
    listed = pages(demo)
    for _label, _path, user in listed:
        if user.pk not in cookies:
            cookies[user.pk] = serve.session_cookie(user)
    trivial_cookie = cookies[demo["users"]["okonom"].pk]
    # Warm every worker once on each page (imports, templates, connections).
    for _label, path, user in listed:
        serve.load(server.base + path, cookies[user.pk], clients=CLIENTS, requests=CLIENTS)
    floor = serve.load(
        server.base + "/benk/tom/", trivial_cookie, clients=CLIENTS, requests=requests * 2
    )
    result.notes.append(
        f"{len(server.workers())} gunicorn workers (from settings); {CLIENTS} clients; "
        f"{requests} requests per page; trivial view: p50 {floor['p50'] * 1000:.0f} ms, "
        f"p95 {floor['p95'] * 1000:.0f} ms, {floor['per_second']:.1f} requests/s"
    )
    for label, path, user in listed:
        measured = serve.load(
            server.base + path, cookies[user.pk], clients=CLIENTS, requests=requests
        )
        result.rows.append(
            Row(
                name=f"{label}: p50",
                figure=measured["p50"] * 1000,
                unit="ms",
                floor=floor["p50"] * 1000,
            )
        )
        ratio = measured["p95"] / floor["p95"]
        result.rows.append(
            Row(
                name=f"  {label}: p95",
                figure=measured["p95"] * 1000,
                unit="ms",
                floor=floor["p95"] * 1000,
                target=f"ratio ≤ {TARGET}",
                met=ratio <= TARGET,
            )
        )
        result.notes.append(
            f"{label}: {measured['per_second']:.1f} requests/s, "
            f"{measured['bytes'] / 1024:.0f} KB of HTML"
        )
    return result
