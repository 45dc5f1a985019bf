"""What bench.py, pair.py and overload.py share: starting a configuration of the sample app (or
gunicorn) on a port, warming it up, driving it with wrk and reading its CPU time from /proc."""
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PORT = 18080
IO_MS = 50

# Every Java configuration runs the same jar with the same JVM flags (none), so memory compares
# fairly, and with the same meters: the sample publishes percentile histograms of worker.requests
# and worker.queue.time for its dashboard, which Boot's own http.server.requests does not by
# default, so they are off.
JAVA_OPTIONS = ["--management.metrics.distribution.percentiles-histogram.[worker.requests]=false",
                "--management.metrics.distribution.percentiles-histogram.[worker.queue.time]=false"]


class Server:
    """One configuration, started on a port (PORT unless told) and stopped with everything it spawned."""

    def __init__(self, kind, options, args, log, port=PORT):
        log.parent.mkdir(parents=True, exist_ok=True)
        self.port = port
        if kind == "java":
            command = [args.java, "-jar", args.jar, f"--server.port={port}"] + JAVA_OPTIONS + options
        else:
            command = ["/usr/bin/gunicorn", "--chdir", str(HERE), "--bind", f"127.0.0.1:{port}",
                       "--log-level", "warning", "--backlog", "2048"] + options + ["wsgi_app:application"]
        self.log = open(log, "w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def __enter__(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/hello", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server did not answer within 90 s; see {self.log.name}")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()

    def rss_kb(self):
        """Resident memory of the server and its children (gunicorn's workers), in kB."""
        total = 0
        for pid in [self.process.pid] + children(self.process.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total


def children(parent):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pid = int(stat.parent.name)
            found += [pid] + children(pid)
    return found


def settle(port=PORT):
    """Waits until the server answers at once again. Work a server queued under the last scenario
    (for a sync worker, seconds of it) would otherwise be charged to the next one."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=5):
                if time.monotonic() - started < 0.2:
                    return
        except OSError:
            pass
        time.sleep(0.5)


# Each path is warmed at a concurrency low enough for HotSpot's compiler threads to get a CPU:
# at 64 busy connections on 2 CPUs they get a fifth of one, and /hello took over a minute to reach
# its compiled speed (four times its speed at 3 s). Sleeping /io threads leave the CPUs free.
# Then /hello once more at the 64 connections it is measured at: what warming at 4 leaves (code
# compiled only under contention, request threads 4 connections never woke) cost gthread about
# 10 % against Tomcat's pool in the first 5 s at 64 connections and 3 % in the third and fourth
# (bench/pair, docs/benchmarks/analysis.md); /hello is measured first, so it paid for it.
WARM_UP = [("/hello", 4), (f"/io?ms={IO_MS}", 100), ("/cpu?ms=5", 2), ("/hello", 64)]
WARM_SLICE = 3
WARM_LIMIT = 120
QUIET_JIT = 0.05


def warm_up(pid, port=PORT, limit=WARM_LIMIT):
    """Drives each path of the server on port until process pid's JIT compilers go quiet (under
    5 % of a CPU over a slice), so that what is measured is compiled code, not the compiling.
    Returns the seconds it took. gunicorn has no compiler threads: one slice a path."""
    started = time.monotonic()
    for path, connections in WARM_UP:
        deadline = time.monotonic() + limit
        while True:
            before = jit_seconds(pid)
            wrk(path, connections, WARM_SLICE, port)
            if (jit_seconds(pid) - before) / WARM_SLICE < QUIET_JIT or time.monotonic() > deadline:
                break
    return time.monotonic() - started


def jit_seconds(pid):
    """CPU seconds that process pid's HotSpot JIT compiler threads have used."""
    ticks = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "CompilerThre" in text[text.index("(") + 1:text.rindex(")")]:
            ticks += cpu_ticks(text)
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """CPU seconds that process pid has used, user and system."""
    return cpu_ticks(Path(f"/proc/{pid}/stat").read_text()) / os.sysconf("SC_CLK_TCK")


def cpu_ticks(stat):
    """User and system clock ticks from the text of a /proc stat file (the name may hold spaces)."""
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wrk(path, connections, duration, port=PORT):
    threads = min(2, connections)
    output = subprocess.run(
        ["/usr/bin/wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
         "-s", str(HERE / "report.lua"), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True).stdout
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
