"""A throwaway Virtuoso server for the tests of the remote store (tests/test_remote_store.py).

``start()`` writes a minimal ``virtuoso.ini`` into a fresh folder (its own database, transaction
log and temporary database there), binds the SQL and HTTP ports to free ports on 127.0.0.1, runs
``virtuoso-t +foreground`` in its own process group, waits until ``/sparql`` answers, and grants
SPARQL UPDATE to the anonymous ``SPARQL`` user of this instance only (through ``isql-vt``).
``Virtuoso.stop()`` kills the process group and removes the folder.

Run by hand: ``python -m tests.virtuoso`` starts one, prints its endpoint, and stops on Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
STARTUP_TIMEOUT = 60.0


class VirtuosoUnavailable(RuntimeError):
    """Virtuoso is not installed here (the remote tests skip, or fail under CI)."""


def binaries() -> tuple[str, str]:
    """Paths of ``virtuoso-t`` and ``isql-vt``; VirtuosoUnavailable when either is missing."""
    server, isql = shutil.which(VIRTUOSO), shutil.which(ISQL) or shutil.which("isql")
    if not server or not isql:
        raise VirtuosoUnavailable(
            "Virtuoso is not installed (Debian: apt-get install virtuoso-opensource; `make system-deps` as root)"
        )
    return server, isql


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {dir}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 512M
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 4
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {dir}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 60
DeferInferenceRulesInit    = 0
"""


@dataclass
class Virtuoso:
    """A running test instance."""

    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen
    isql: str
    startup_seconds: float = 0.0
    _stopped: bool = field(default=False, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql_exec(self, statement: str) -> str:
        out = subprocess.run(
            [self.isql, str(self.sql_port), "dba", "dba", f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql {statement!r} failed: {out.stdout}{out.stderr}")
        return out.stdout

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start(timeout: float = STARTUP_TIMEOUT) -> Virtuoso:
    """Start a fresh Virtuoso on free ports and wait until its SPARQL endpoint answers."""
    server, isql = binaries()
    began = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="defense-kg-virtuoso-"))
    (folder / "vsp").mkdir()
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [server, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so stop() kills all of it
    )
    instance = Virtuoso(folder, sql_port, http_port, process, isql)
    deadline = time.monotonic() + timeout
    while not _answers(instance.endpoint):
        if process.poll() is not None or time.monotonic() > deadline:
            log = instance.log()
            instance.stop()
            raise RuntimeError(f"Virtuoso did not start (exit {process.returncode}); log tail:\n{log}")
        time.sleep(0.2)
    # This instance only: let the anonymous SPARQL user update (a production server would use /sparql-auth).
    instance.isql_exec('GRANT SPARQL_UPDATE TO "SPARQL";')
    instance.startup_seconds = time.perf_counter() - began
    return instance


if __name__ == "__main__":
    v = start()
    print(f"Virtuoso up in {v.startup_seconds:.1f}s: {v.endpoint} (isql port {v.sql_port}); Ctrl-C stops it")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        v.stop()
