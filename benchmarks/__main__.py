"""Run the benchmarks: `make bench` (all topics, writes docs/benchmarks.md) or
`scripts/with-postgres.sh .venv/bin/python -m benchmarks --only export` (prints only).

The runner needs a throwaway PostgreSQL server (scripts/with-postgres.sh starts one): it
creates its own databases there and refuses a database that already exists.
"""

import argparse
import datetime
import importlib
import os
import pkgutil
import platform
import subprocess
import sys
import traceback
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- bench:begin (written by make bench; edit outside these markers) -->"
END = "<!-- bench:end -->"


def topics() -> list[str]:
    """Every benchmarks/bench_<topic>.py, in the order of its ORDER (then name)."""
    found = []
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("bench_"):
            found.append(module.name.removeprefix("bench_"))
    loaded = {name: importlib.import_module(f"benchmarks.bench_{name}") for name in found}
    return sorted(found, key=lambda name: (getattr(loaded[name], "ORDER", 100), name))


def machine() -> dict[str, str]:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {usable} usable cores",
        "memory": memory,
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "postgres": f"PostgreSQL {postgres} (throwaway server, fsync off)",
        "python": f"Python {platform.python_version()}, Django {django.get_version()}",
        "commit": commit,
    }


def fmt(value: float | None) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def table(results: dict[str, object]) -> str:
    lines = [
        "| topic | measure | figure | unit | floor | ratio | target | met |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    for topic, result in results.items():
        if isinstance(result, str):
            lines.append(f"| {topic} | **failed**: {result} | | | | | | ✗ |")
            continue
        for row in result.rows:
            met = {True: "✓", False: "✗", None: ""}[row.met]
            lines.append(
                f"| {topic} | {row.name} | {fmt(row.figure)} | {row.unit} | {fmt(row.floor)} "
                f"| {fmt(row.ratio)} | {row.target} | {met} |"
            )
    return "\n".join(lines)


def notes(results: dict[str, object]) -> str:
    parts = []
    for topic, result in results.items():
        if isinstance(result, str) or not result.notes:
            continue
        parts.append(f"**{topic}**\n\n" + "\n".join(f"- {note}" for note in result.notes))
    return "\n\n".join(parts)


def write_doc(block: str) -> None:
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = f"{text.rstrip()}\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="topics to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument(
        "--write",
        action="store_true",
        help="write docs/benchmarks.md even for --only or --quick (a full run always writes)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings.base")
    sys.path.insert(0, str(ROOT / "src"))
    from benchmarks import world

    load_at_start = " ".join(f"{value:.2f}" for value in os.getloadavg())
    world.create_template()
    django.setup()
    available = topics()
    chosen = available if not args.only else [name for name in available if name in args.only]
    unknown = set(args.only or ()) - set(available)
    if unknown:
        parser.error(f"unknown topics: {', '.join(sorted(unknown))}; have {', '.join(available)}")

    results: dict[str, object] = {}
    for name in chosen:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"== {name}: {module.TITLE}", flush=True)
        try:
            bench = world.Bench(topic=name, quick=args.quick, data=getattr(module, "DATA", None))
        except Exception as error:
            traceback.print_exc()
            results[name] = f"setting up its data: {type(error).__name__}: {error}"[:200]
            continue
        try:
            results[name] = module.run(bench)
        except Exception as error:  # one topic's failure must not hide the others' figures
            traceback.print_exc()
            message = " ".join(f"{type(error).__name__}: {error}".split())
            results[name] = message.replace("|", "/")[:200]
        finally:
            bench.close()
    world.drop_medium()
    about = machine()
    about["load"] = f"{about['load']} at the end; {load_at_start} at the start (1, 5, 15 min)"
    header = "\n".join(f"- **{key}**: {value}" for key, value in about.items())
    scope = "" if chosen == available else f"\n\nPartial run: {', '.join(chosen)}."
    if args.quick:
        scope += " Quick (smoke) sizes, not the issue's."
    block = f"{header}{scope}\n\n{table(results)}"
    if extra := notes(results):
        block += f"\n\n### Measured along the way\n\n{extra}"
    print()
    print(block)
    if (chosen == available and not args.quick) or args.write:
        write_doc(block)
        print(f"\nWritten to {DOC.relative_to(ROOT)}")
    return 1 if any(isinstance(result, str) for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
