"""Item 6: a meeting in one sub-project while a meeting and the payment export run in
another, against the same meeting alone. Separate processes, each its own connection,
as gunicorn workers would be."""

import multiprocessing
import time
import traceback
from decimal import Decimal

from django.db import connections

from benchmarks import data
from benchmarks.rows import Result, Row, stopwatch
from samskap.payments import services as payment_services

TITLE = "Side by side: a meeting while a meeting and an export run in another sub-project"
ORDER = 60


def _other(kind: str, demo, subproject, requests, started, done) -> None:
    """In a forked process: hold the meeting or run the export, report how it went."""
    connections.close_all()
    try:
        started.set()
        with stopwatch() as elapsed:
            if kind == "meeting":
                data.meeting(demo, subproject, requests, key="side-other")
            else:
                payment_services.payment_batch_export(
                    acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
                )
        done.put((kind, elapsed(), ""))
    except Exception as error:  # reported to the parent: a deadlock is a result here
        done.put((kind, 0.0, f"{type(error).__name__}: {error} {traceback.format_exc()[-300:]}"))
    finally:
        connections.close_all()


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def run(bench) -> Result:
    demo = bench.demo()
    result = Result()
    subprojects = sorted(demo["subprojects"].values(), key=lambda s: s.pk)
    mine, other = subprojects[0], subprojects[1]
    size = bench.size(20, 4)
    waiting = bench.size(2000, 100)
    data.set_limits(demo)
    for subproject in (mine, other):
        data.fund(demo, subproject, Decimal("1000") * size * 4 + Decimal("5000") * waiting)
    agendas = {
        name: data.agenda(demo, subproject, size, tag=name)
        for name, subproject in [
            ("warm", mine),
            ("alone", mine),
            ("busy", mine),
            ("side", mine),
            ("b", other),
        ]
    }
    data.meeting(demo, mine, agendas["warm"], key="side-warm")
    with stopwatch() as alone:
        data.meeting(demo, mine, agendas["alone"], key="side-alone")
    alone_seconds = alone()

    connections.close_all()
    context = multiprocessing.get_context("fork")
    # The same meeting beside two processes that only burn CPU: what sharing the cores
    # costs by itself, without any database work beside it.
    burners = [context.Process(target=_busy, args=(alone_seconds * 4 + 2,)) for _ in range(2)]
    for burner in burners:
        burner.start()
    with stopwatch() as busy:
        data.meeting(demo, mine, agendas["busy"], key="side-busy")
    busy_seconds = busy()
    for burner in burners:
        burner.join()
    # Waiting payments only in the other sub-project: the export never touches mine. The
    # meetings above left payments waiting in mine (and the demo some): export those first,
    # or the export beside the meeting pays them too and must lock my sub-project's
    # accounts, so my meeting waits for the whole export (sampled in pg_locks: both
    # meetings waited on the export's transaction, 4.1× alone).
    data.clear_pending(demo)
    data.pending_payments(demo, waiting, subprojects=[other])
    connections.close_all()
    done = context.Queue()
    starts = {"meeting": context.Event(), "export": context.Event()}
    workers = [
        context.Process(target=_other, args=(kind, demo, other, agendas["b"], starts[kind], done))
        for kind in ("export", "meeting")
    ]
    for worker in workers:
        worker.start()
    for event in starts.values():
        event.wait(60)
    time.sleep(0.2)  # both are inside their transactions by now
    with stopwatch() as side:
        data.meeting(demo, mine, agendas["side"], key="side-side")
    side_seconds = side()
    outcomes = [done.get(timeout=1800) for _worker in workers]
    for worker in workers:
        worker.join(60)
    failures = [f"{kind}: {error}" for kind, _seconds, error in outcomes if error]
    ratio = side_seconds / alone_seconds
    result.rows.append(
        Row(
            name=f"meeting of {size} in one sub-project beside a meeting and an export "
            f"of {waiting} in another",
            figure=side_seconds,
            unit="s",
            floor=alone_seconds,
            target="ratio ≤ 1.5, no deadlock",
            met=ratio <= 1.5 and not failures,
        )
    )
    result.rows.append(
        Row(
            name="  the same meeting beside two CPU-bound processes (no database)",
            figure=busy_seconds,
            unit="s",
            floor=alone_seconds,
        )
    )
    result.rows.append(
        Row(
            name="  beside the meeting and the export, against beside CPU load alone",
            figure=side_seconds,
            unit="s",
            floor=busy_seconds,
            target="lock waits: ratio ≤ 1.5",
            met=side_seconds / busy_seconds <= 1.5,
        )
    )
    for kind, seconds, error in outcomes:
        result.notes.append(
            f"the other sub-project's {kind}: {seconds:.2f} s"
            + (f", FAILED: {error}" if error else "")
        )
    result.notes.append(
        "Three processes on this machine's cores: part of the ratio is CPU shared with the "
        "other two, not waiting for a lock (the meeting locks its own requests and households "
        "and its own sub-project's accounts only)."
    )
    return result
