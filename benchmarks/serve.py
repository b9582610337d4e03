"""gunicorn for the page and memory benchmarks: Samskap served as in docs/deployment.md
(`samskap.gunicorn_conf`, workers from settings unless told), on the topic's database,
plus a logged-in session and a load of concurrent clients."""

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, bench, *, workers: int | None = None, conn_max_age: int = 60):
        self.port = _free_port()
        self.conn_max_age = conn_max_age
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": bench.database_url,
            "SAMSKAP_BIND": f"127.0.0.1:{self.port}",
            # As production keeps them (benchmarks/settings.py); 0: a backend per request.
            "DATABASE_CONN_MAX_AGE": str(conn_max_age),
            "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        }
        if workers:
            env["SAMSKAP_WEB_WORKERS"] = str(workers)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:samskap.gunicorn_conf",
                "--access-logfile",
                "/dev/null",
                "samskap.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bench.on_close(self.stop)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/konto/logg-inn/", timeout=5)  # noqa: S310
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the gunicorn master)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(entry.name))
        return sorted(found)

    @staticmethod
    def peak_rss_mb(pid: int) -> float:
        """The process's peak resident memory so far (VmHWM), in MB."""
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def session_cookie(user) -> str:
    """A logged-in session for `user`, stored in the database the server reads."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def get(url: str, cookie: str) -> tuple[int, int, float]:
    """(status, bytes, seconds) of one GET."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = b"", error.code
    return status, len(body), time.perf_counter() - start


def load(url: str, cookie: str, *, clients: int, requests: int) -> dict:
    """`requests` GETs of `url` from `clients` threads at once: p50, p95, per second."""
    times: list[float] = []
    failures: list[int] = []
    sizes: list[int] = []
    lock = threading.Lock()
    left = [requests]

    def client() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            status, size, seconds = get(url, cookie)
            with lock:
                if status != 200:
                    failures.append(status)
                times.append(seconds)
                sizes.append(size)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{url}: {len(failures)} answers not 200 (e.g. {failures[0]})")
    return _figures(times, wall=wall, size=max(sizes))


def pooled(loads: list[dict]) -> dict:
    """One page's loads from several rounds as one: p50 and p95 over every request,
    requests per second over the rounds' summed wall time."""
    times = [seconds for one in loads for seconds in one["times"]]
    return _figures(
        times,
        wall=sum(one["wall"] for one in loads),
        size=max(one["bytes"] for one in loads),
    )


def _figures(times: list[float], *, wall: float, size: int) -> dict:
    ordered = sorted(times)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "per_second": len(ordered) / wall,
        "bytes": size,
        "times": ordered,
        "wall": wall,
    }


def database_now():
    """The database server's clock, to tell which backends opened after a moment."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def backends(since) -> tuple[int, int]:
    """(backends on this database opened before `since`, opened at or after it), not
    counting this process's own: kept connections show as the first figure and none in
    the second; `CONN_MAX_AGE` 0 leaves none open after the load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE backend_start < %s),"
            " count(*) FILTER (WHERE backend_start >= %s)"
            " FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'",
            [since, since],
        )
        return cursor.fetchone()
