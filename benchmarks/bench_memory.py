"""Item 5: peak resident memory of one gunicorn worker after serving every page at
`medium`, against the same worker after serving only a trivial view."""

from benchmarks import bench_pages, serve
from benchmarks.rows import Result, Row

TITLE = "Peak memory of one gunicorn worker after every page (medium)"
ORDER = 50
DATA = "medium"
TARGET_MB = 300


def run(bench) -> Result:
    demo = bench.demo()
    result = Result(notes=list(bench.notes))
    server = serve.Server(bench, workers=1)
    (worker,) = server.workers()
    listed = bench_pages.pages(demo)
    cookies = {}
    for _label, _path, user in listed:
        if user.pk not in cookies:
            cookies[user.pk] = serve.session_cookie(user)
    for _ in range(3):
        serve.get(server.base + "/benk/tom/", cookies[demo["users"]["okonom"].pk])
    floor = server.peak_rss_mb(worker)
    for label, path, user in listed:
        for _ in range(2):
            status, _size, _seconds = serve.get(server.base + path, cookies[user.pk])
            if status != 200:
                raise RuntimeError(f"{label} answered {status}")
        result.notes.append(f"after {label}: peak {server.peak_rss_mb(worker):.0f} MB")
    peak = server.peak_rss_mb(worker)
    result.rows.append(
        Row(
            name="peak RSS of one worker after serving every page twice",
            figure=peak,
            unit="MB",
            floor=floor,
            target=f"< {TARGET_MB} MB",
            met=peak < TARGET_MB,
        )
    )
    return result
