"""Overload: far more clients than a server can serve at once. Shows what the requests that
are served wait behind a queue without bound (Tomcat's own) and behind the starter's bounded
backlog, which sheds the rest with 503. Started by bench/run after bench.py; writes overload.md
and overload.csv beside the benchmark report.

wrk cannot report latency per status, so this drives the server with its own asyncio clients: each
keeps one connection, sends a request as soon as it has the last answer, and after a 503 waits the
Retry-After it was given, as an HTTP client should."""
import argparse
import asyncio
import csv
import statistics
import time
from pathlib import Path

import bench
import servers

CLIENTS = 1000
WORKERS = 5
PATH = f"/io?ms={servers.IO_MS}"
TIMEOUT = 60
CAPACITY = WORKERS / (servers.IO_MS / 1000)

CONFIGS = [
    ("boot-tomcat-queue", f"Boot, Tomcat's pool of {WORKERS} threads (its queue has no bound)",
     ["--worker.enabled=false", f"--server.tomcat.threads.max={WORKERS}",
      f"--server.tomcat.threads.min-spare={WORKERS}"]),
    ("sync-backlog-2048", f"starter sync, {WORKERS} workers, worker.backlog=2048 (the default)",
     ["--worker.class=sync", f"--worker.workers={WORKERS}"]),
    ("sync-backlog-20", f"starter sync, {WORKERS} workers, worker.backlog=20",
     ["--worker.class=sync", f"--worker.workers={WORKERS}", "--worker.backlog=20"]),
]

REQUEST = f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


async def exchange(reader, writer):
    """Sends one request; returns its status, the Retry-After it asked for, and whether the server
    closes the connection."""
    writer.write(REQUEST)
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


async def client(deadline, samples):
    connection = None
    while time.monotonic() < deadline:
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", servers.PORT)
            # Timed from the request, as wrk times it: connecting is the listen queue's business.
            started = time.monotonic()
            status, retry_after, close = await asyncio.wait_for(exchange(*connection), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
            samples.append(("error", 0.0))
            if connection is not None:
                connection[1].close()
            connection = None
            continue
        samples.append((status, time.monotonic() - started))
        if close:
            connection[1].close()
            connection = None
        if status == 503:
            await asyncio.sleep(retry_after)
    if connection is not None:
        connection[1].close()


async def drive(duration):
    samples = []
    deadline = time.monotonic() + duration
    await asyncio.gather(*(client(deadline, samples) for _ in range(CLIENTS)))
    return samples


def measure(duration):
    """Drives the server for duration seconds; requests still waiting then are awaited (up to
    TIMEOUT), since their wait is what a queue without bound costs."""
    started = time.monotonic()
    samples = asyncio.run(drive(duration))
    elapsed = time.monotonic() - started
    served = sorted(latency for status, latency in samples if status == 200)
    shed = [latency for status, latency in samples if status == 503]
    return {
        "served_per_s": len(served) / elapsed,
        "served_p50_ms": percentile(served, 0.50) * 1000,
        "served_p99_ms": percentile(served, 0.99) * 1000,
        "served_max_ms": (served[-1] if served else 0) * 1000,
        "shed_per_s": len(shed) / elapsed,
        "shed_p99_ms": percentile(sorted(shed), 0.99) * 1000,
        "errors": sum(1 for status, _ in samples if status not in (200, 503)),
    }


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per configuration")
    args, _ = parser.parse_known_args()
    out = Path(args.out)
    rows = []
    for run in range(1, args.runs + 1):
        for name, label, options in CONFIGS:
            print(f"[overload] run {run}: {label}", flush=True)
            with servers.Server("java", options, args, servers.HERE / "logs" / f"overload-{name}-run{run}.log"):
                servers.settle()
                row = measure(args.duration)
            row.update(run=run, config=name)
            rows.append(row)
            print(f"    served {row['served_per_s']:6.0f}/s  p99 {row['served_p99_ms']:8.0f} ms  "
                  f"shed {row['shed_per_s']:6.0f}/s  errors {row['errors']}", flush=True)
    with open(out / "overload.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (out / "overload.md").write_text(report(rows, args))
    print(f"Wrote {out}/overload.md, overload.csv", flush=True)


def report(rows, args):
    lines = [
        "# Overload",
        "",
        "Written by `bench/run` (`bench/overload.py`); do not edit by hand.",
        "",
        f"- Machine: {bench.machine()}.",
        f"- {CLIENTS} clients on `{PATH}` against {WORKERS} request threads: they can serve "
        f"{CAPACITY:,.0f} req/s, so at most about {WORKERS} of the {CLIENTS} requests run at once and the rest "
        "wait or are shed.",
        f"- Each client keeps a connection and sends its next request when it has an answer; after a `503` "
        f"it waits the `Retry-After` it was given. Latency is timed from the request, not the connection, as "
        f"wrk times it. {args.duration} s of load, then the requests still "
        f"waiting are awaited (up to {TIMEOUT} s). {args.runs} interleaved run(s); medians; `overload.csv` "
        "has every run.",
        "",
        "| configuration | served req/s | served p50 ms | served p99 ms | served max ms | shed 503/s | 503 p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label, _ in CONFIGS:
        runs = [r for r in rows if r["config"] == name]

        def median(key):
            return statistics.median(r[key] for r in runs)

        lines.append(f"| {label} | {median('served_per_s'):,.0f} | {median('served_p50_ms'):,.0f} | "
                     f"{median('served_p99_ms'):,.0f} | {median('served_max_ms'):,.0f} | "
                     f"{median('shed_per_s'):,.0f} | {median('shed_p99_ms'):,.0f} | {median('errors'):,.0f} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
