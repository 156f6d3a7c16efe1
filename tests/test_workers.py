"""Worker processes die with the `kg ingest` that started them.

A real `kg ingest --workers 2` process, in a session of its own, is killed with SIGKILL while its
workers extract; afterwards no process of that session may be left. Processes are found in /proc
(Linux), as ``ps`` would find them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.settings import SAMPLES_DIR

KG = [sys.executable, "-m", "kg"]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def session_processes(session: int) -> list[int]:
    """The ids of the live (not zombie) processes whose session is ``session``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {seconds} s")
        time.sleep(0.05)


@pytest.fixture
def many_articles(tmp_path: Path) -> Path:
    """A JSON Lines file long enough that two workers are still extracting when the kill comes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((SAMPLES_DIR / "articles").glob("*.txt"))]
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(4000):
            out.write(json.dumps({"id": f"a{number}", "text": texts[number % len(texts)]}) + "\n")
    return path


def test_killing_kg_ingest_leaves_no_worker_running(tmp_path: Path, many_articles: Path):
    proc = subprocess.Popen(
        [*KG, "ingest", str(many_articles), "--workers", "2", "--store", str(tmp_path / "store")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its session id is its pid: the workers share it
    )
    try:
        # kg, the fork server and two workers (and the resource tracker) while extraction runs
        wait_for(lambda: len(session_processes(proc.pid)) >= 4, "workers")
        time.sleep(1)
        assert proc.poll() is None, "the ingest ended before it could be killed"

        os.kill(proc.pid, signal.SIGKILL)  # kg alone: nothing can clean up after it
        proc.wait()

        with contextlib.suppress(AssertionError):
            wait_for(lambda: not session_processes(proc.pid), "end of the workers", seconds=10)
        assert session_processes(proc.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
