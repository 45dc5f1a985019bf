"""Overload with clients that behave as real ones do: more load than a server can serve, from
closed-loop clients that give up on an answer after 2 s (as browsers' users, proxies and
HTTP clients with a timeout do) and wait the Retry-After of a 503 before they try again. Reports
goodput (answers that arrived within the client's timeout, per second), what the served and the
refused waited, and how a liveness probe fared beside it. Started by bench/run after bench.py;
writes overload.md and overload.csv beside the benchmark report.

Load is counted in multiples of the capacity: each client, once answered, thinks for a second
before its next request, so it offers about 1 req/s, and N x the capacity is N x (req/s the
workers can serve) clients. A client that gives up closes its connection and thinks too. Run
alone, `overload.py --clients 300 --think 0 ...` is the user guide's acceptance scenario: 300
clients that never pause."""
import argparse
import asyncio
import csv
import math
import re
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import bench
import servers

WORKERS = 5
PATH = f"/io?ms={servers.IO_MS}"
CAPACITY = round(WORKERS / (servers.IO_MS / 1000))
CLIENT_TIMEOUT = 2.0
THINK = 1.0
LEVELS = [1, 2, 5, 10]
PROBE_EVERY = 1.0
PROBE_TIMEOUT = 1.0
LIVENESS = "/actuator/health/liveness"

# Every starter configuration runs its defaults but for the class and the workers' capacity,
# which matches the sync workers' 5 requests at once so that all serve the same 100 req/s.
CONFIGS = {
    "boot": ("Boot, Tomcat's pool of 5 threads (its queue has no bound)",
             ["--worker.enabled=false", f"--server.tomcat.threads.max={WORKERS}",
              f"--server.tomcat.threads.min-spare={WORKERS}"]),
    "boot-gradient2": ("Boot, 5 threads, Netflix concurrency-limits Gradient2 servlet filter",
                       ["--worker.enabled=false", f"--server.tomcat.threads.max={WORKERS}",
                        f"--server.tomcat.threads.min-spare={WORKERS}", "--sample.gradient2-filter=true"]),
    "sync": ("starter sync, 5 workers, defaults", ["--worker.class=sync", f"--worker.workers={WORKERS}"]),
    "gthread": ("starter gthread, 1 worker of 5 threads, defaults",
                ["--worker.class=gthread", "--worker.workers=1", f"--worker.threads={WORKERS}"]),
    "virtual": ("starter virtual, 1 worker of 5 connections, defaults",
                ["--worker.class=virtual", "--worker.workers=1", f"--worker.connections={WORKERS}"]),
}


def request(path):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


async def exchange(reader, writer, payload):
    """Sends one request; returns its status, the Retry-After it asked for, and whether the server
    closes the connection."""
    writer.write(payload)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:] if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, float(headers.get("retry-after", "0")), headers.get("connection", "").lower() == "close"


async def client(port, path, deadline, think, samples):
    """One user: asks, waits at most CLIENT_TIMEOUT, and after a 503 waits its Retry-After."""
    connection = None
    payload = request(path)
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            if connection is None:
                connection = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), CLIENT_TIMEOUT)
            status, retry_after, close = await asyncio.wait_for(exchange(*connection, payload),
                                                                CLIENT_TIMEOUT - (time.monotonic() - started))
        except asyncio.TimeoutError:
            samples.append(("gave-up", time.monotonic() - started))
            status, retry_after, close = None, 0, True
        except (OSError, asyncio.IncompleteReadError, ValueError):
            samples.append(("reset", time.monotonic() - started))
            status, retry_after, close = None, 0, True
        else:
            samples.append((status, time.monotonic() - started))
        if close and connection is not None:
            connection[1].close()
            connection = None
        await asyncio.sleep(max(retry_after, think) if status in (503, 429) else think)
    if connection is not None:
        connection[1].close()


async def prober(port, deadline, probes):
    """A Kubernetes liveness probe: a new connection each time, a one-second timeout."""
    payload = request(LIVENESS)
    while time.monotonic() < deadline:
        started = time.monotonic()
        writer = None
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), PROBE_TIMEOUT)
            status, _, _ = await asyncio.wait_for(exchange(reader, writer, payload),
                                                  PROBE_TIMEOUT - (time.monotonic() - started))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            status = None
        finally:
            if writer is not None:
                writer.close()
        probes.append((status, time.monotonic() - started))
        await asyncio.sleep(PROBE_EVERY)


async def drive(port, path, clients, duration, think):
    samples, probes = [], []
    deadline = time.monotonic() + duration

    async def arriving(index):
        # Users arrive over the first second rather than in one instant.
        await asyncio.sleep(index / clients)
        await client(port, path, deadline, think, samples)
    await asyncio.gather(prober(port, deadline, probes), *(arriving(i) for i in range(clients)))
    return samples, probes


def measure(port, clients, duration, think, path=PATH):
    started = time.monotonic()
    samples, probes = asyncio.run(drive(port, path, clients, duration, think))
    elapsed = time.monotonic() - started
    served = sorted(latency for status, latency in samples if status == 200)
    # The Netflix filter answers 429 where the starter answers 503: both refuse at once.
    refused = sorted(latency for status, latency in samples if status in (503, 429))
    probe_times = sorted(latency if status == 200 else PROBE_TIMEOUT for status, latency in probes)
    return {
        "goodput_per_s": len(served) / elapsed,
        "served_p50_ms": percentile(served, 0.50) * 1000,
        "served_p99_ms": percentile(served, 0.99) * 1000,
        "refused_per_s": len(refused) / elapsed,
        "refused_p99_ms": percentile(refused, 0.99) * 1000,
        "gave_up": sum(1 for status, _ in samples if status == "gave-up"),
        "resets": sum(1 for status, _ in samples if status == "reset"),
        "errors_5xx": sum(1 for status, _ in samples if isinstance(status, int) and status >= 500 and status != 503),
        "other": sum(1 for status, _ in samples if status not in (200, 503, 429, "gave-up", "reset")),
        "probe_p99_ms": percentile(probe_times, 0.99) * 1000,
        "probes_failed": sum(1 for status, _ in probes if status != 200),
        "probes": len(probes),
    }


BUCKET = re.compile(r'^worker_refusals_seconds_bucket\{.*le="([^"]+)".*\}\s+(\S+)$')


def refusal_buckets(port):
    """The server's histogram of the time from a request's arrival to its 503 for overload, as
    cumulative counts by upper bound in seconds; empty where the server has no such meter."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/prometheus", timeout=10) as response:
            text = response.read().decode()
    except OSError:
        return {}
    buckets = {}
    for line in text.splitlines():
        match = BUCKET.match(line)
        if match:
            bound = math.inf if match.group(1) == "+Inf" else float(match.group(1))
            buckets[bound] = buckets.get(bound, 0) + float(match.group(2))
    return buckets


def server_refused_p99_ms(before, after):
    """The p99 the server measured over one level's refusals, as the upper bound of its bucket;
    None when it measured none or has no such meter."""
    counts = sorted((bound, after[bound] - before.get(bound, 0)) for bound in after)
    total = counts[-1][1] if counts else 0
    if total <= 0:
        return None
    for bound, count in counts:
        if count >= 0.99 * total:
            return bound * 1000
    return None


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def medians(runs):
    """The median over the runs of a column, by its name; None where no run has a value."""
    def median(key):
        values = [r[key] for r in runs if r[key] is not None]
        return statistics.median(values) if values else None
    return median


def shown(value):
    return "-" if value is None else f"{value:,.0f}"


def command(args):
    """The command line that made a report, without the machine's own paths."""
    shown = [f"--{name.replace('_', '-')} {value}" for name, value in vars(args).items()
             if value is not None and name not in ("java", "jar", "out")]
    return " ".join(["python3 bench/" + Path(sys.argv[0]).name, "--java <a JDK 21+ java>",
                     "--jar sample-app/target/sample-app.jar", f"--out {args.out}"] + shown)


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per configuration and level")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated, of " + ", ".join(CONFIGS))
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="multiples of the capacity")
    parser.add_argument("--clients", type=int, help="a fixed number of clients instead of the levels")
    parser.add_argument("--think", type=float, default=THINK, help="seconds a client pauses between requests")
    args, _ = parser.parse_known_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    loads = [args.clients] if args.clients else [level * CAPACITY for level in map(int, args.levels.split(","))]
    rows = []
    for run in range(1, args.runs + 1):
        for name in args.configs.split(","):
            label, options = CONFIGS[name]
            with servers.Server("java", options, args, servers.HERE / "logs" / f"overload-{name}-run{run}.log"):
                for clients in loads:
                    servers.settle()
                    before = refusal_buckets(servers.PORT)
                    row = measure(servers.PORT, clients, args.duration, args.think)
                    row.update(server_refused_p99_ms=server_refused_p99_ms(before, refusal_buckets(servers.PORT)),
                               run=run, config=name, clients=clients)
                    rows.append(row)
                    print(f"[overload] run {run} {name:15} {clients:5} clients: goodput {row['goodput_per_s']:5.0f}/s  "
                          f"served p50 {row['served_p50_ms']:5.0f} p99 {row['served_p99_ms']:5.0f} ms  "
                          f"refused {row['refused_per_s']:4.0f}/s p99 {row['refused_p99_ms']:5.0f} ms "
                          f"(server {shown(row['server_refused_p99_ms'])} ms)  "
                          f"gave up {row['gave_up']}  resets {row['resets']}  "
                          f"probe p99 {row['probe_p99_ms']:4.0f} ms, {row['probes_failed']}/{row['probes']} failed",
                          flush=True)
    write_csv(out / "overload.csv", rows)
    (out / "overload.md").write_text(report(rows, args, loads))
    print(f"Wrote {out}/overload.md, overload.csv", flush=True)


def report(rows, args, loads):
    lines = [
        "# Overload with clients that give up",
        "",
        "Written by `bench/overload.py`; do not edit by hand. Made with "
        f"`{command(args)}` (`bench/run` runs it after `bench/bench.py`).",
        "",
        f"- Machine: {bench.machine()}.",
        f"- `{PATH}` against {WORKERS} requests at once: the server can serve {CAPACITY} req/s.",
        f"- Closed-loop clients that give up after {CLIENT_TIMEOUT:.0f} s and close the connection, wait the "
        f"`Retry-After` of a `503`, and pause {args.think:g} s between requests"
        + (f", so that N x the capacity is N x {CAPACITY} clients." if args.think == THINK else "."),
        f"- Goodput: answers `200` within the client's timeout, per second. A liveness probe "
        f"(`{LIVENESS}`, a new connection, {PROBE_TIMEOUT:.0f} s timeout) runs every {PROBE_EVERY:.0f} s beside "
        "the load; a failed probe counts as its timeout in the p99.",
        f"- {args.duration} s of load per configuration and level, {args.runs} run(s); medians; `overload.csv` has "
        "every run.",
        "",
        "- Refused p99 is the client's, from sending to the `503`; the server's is from the request's arrival to "
        "its `503`, the bucket of `worker.refusals` that holds the 99th percentile (the starter only).",
        "",
        "| configuration | clients | goodput req/s | served p50 ms | served p99 ms | refused/s | refused p99 ms | server's refused p99 ms | gave up | resets | probe p99 ms | probes failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in args.configs.split(","):
        for clients in loads:
            median = medians([r for r in rows if r["config"] == name and r["clients"] == clients])
            lines.append(f"| {CONFIGS[name][0]} | {clients} | {median('goodput_per_s'):,.0f} | "
                         f"{median('served_p50_ms'):,.0f} | {median('served_p99_ms'):,.0f} | "
                         f"{median('refused_per_s'):,.0f} | {median('refused_p99_ms'):,.0f} | "
                         f"{shown(median('server_refused_p99_ms'))} | "
                         f"{median('gave_up'):,.0f} | {median('resets'):,.0f} | {median('probe_p99_ms'):,.0f} | "
                         f"{median('probes_failed'):,.0f}/{median('probes'):,.0f} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
