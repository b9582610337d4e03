"""scripts/with-postgres.sh stops its PostgreSQL server and its command when it is killed
itself (SIGTERM from `timeout` or `kill`, SIGINT, SIGHUP), not only when the command ends:
an interrupted run left a server running, and a killed one its command."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "with-postgres.sh"

# Runs with the PostgreSQL suite, whose set-up installs the server's binaries: a machine
# without them fails here rather than skipping.
pytestmark = pytest.mark.postgres


def _server_of(port: str) -> tuple[int, str] | None:
    """(pid, data directory) of the postmaster listening on `port`, if any (-ww: whole
    command lines, whatever COLUMNS says)."""
    listing = subprocess.run(["ps", "-wweo", "pid=,args="], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        pid, _, args = line.strip().partition(" ")
        words = args.split()
        is_server = words and words[0].endswith("/postgres") and "-p" in words
        if is_server and words[words.index("-p") + 1] == port:
            return int(pid), words[words.index("-D") + 1]
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead: read its state.
    state = Path(f"/proc/{pid}/stat")
    return state.exists() and state.read_text().split(") ", 1)[1][:1] != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_killed_script_stops_its_server_and_its_command(tmp_path, sig):
    pid_file = tmp_path / "command.pid"
    script = subprocess.Popen(
        # SIGINT at its default, as in a terminal (this run may have it ignored).
        [
            "env",
            "--default-signal=INT",
            str(SCRIPT),
            "sh",
            "-c",
            f"echo $$ > {pid_file}; exec sleep 300",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    try:
        line = script.stdout.readline()
        assert "on port" in line, line
        port = line.split()[-1]
        for _ in range(100):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.1)
        command = int(pid_file.read_text())
        server = _server_of(port)
        assert server is not None
        server_pid, data_dir = server
        script.send_signal(sig)
        assert script.wait(timeout=30) == 128 + sig
        assert not _alive(server_pid)
        assert _server_of(port) is None
        assert not Path(data_dir).exists()
        assert not _alive(command)
    finally:  # a failing check leaves no server behind either
        if script.poll() is None:
            script.terminate()
            try:
                script.wait(timeout=30)
            except subprocess.TimeoutExpired:
                script.kill()
                script.wait()
