"""Bursts after a start, and fast requests beside slow ones: what admission does when it has no
evidence yet, and when the evidence is a few slow requests far below the capacity. Each scenario
starts a fresh JVM, sends a burst of requests at once (each on its own connection, as many
clients arriving together do), then the same burst again a second later; the mixed scenario first
puts slow requests in flight and sends the burst of fast ones beside them. Writes bursts.md and
bursts.csv."""
import argparse
import asyncio
import csv
import sys
import time
from pathlib import Path

import bench
import servers

CLIENT_TIMEOUT = 30.0

# (name, what it shows, options, path, burst, slow requests in flight first, their path)
SCENARIOS = [
    ("virtual-2x300", "virtual 2 x 300 connections, 400 at once on /io?ms=1000",
     ["--worker.class=virtual", "--worker.workers=2", "--worker.connections=300"], "/io?ms=1000", 400, 0, None),
    ("virtual-1x50", "virtual 1 x 50 connections, 100 at once on /io?ms=500",
     ["--worker.class=virtual", "--worker.workers=1", "--worker.connections=50"], "/io?ms=500", 100, 0, None),
    ("gthread", "gthread defaults (4 x 50 threads), 200 at once on /io?ms=500",
     ["--worker.class=gthread"], "/io?ms=500", 200, 0, None),
    ("sync", "sync 5 workers, 5 at once on /io?ms=500",
     ["--worker.class=sync", "--worker.workers=5"], "/io?ms=500", 5, 0, None),
    ("boot", "Boot, Tomcat's 200 threads, 400 at once on /io?ms=1000",
     ["--worker.enabled=false"], "/io?ms=1000", 400, 0, None),
    ("mixed-virtual", "virtual 1 x 200, 10 of /io?ms=2000 in flight, 100 at once on /io?ms=50",
     ["--worker.class=virtual", "--worker.workers=1", "--worker.connections=200"], "/io?ms=50", 100, 10,
     "/io?ms=2000"),
    ("mixed-boot-gradient2", "Boot, 200 threads, Netflix Gradient2 filter, 10 of /io?ms=2000 in flight, "
     "100 at once on /io?ms=50",
     ["--worker.enabled=false", "--sample.gradient2-filter=true"], "/io?ms=50", 100, 10, "/io?ms=2000"),
]


async def get(port, path):
    """One client on a connection of its own: the status, or what went wrong, and the time taken."""
    started = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), CLIENT_TIMEOUT)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        line = await asyncio.wait_for(reader.readline(), CLIENT_TIMEOUT)
        status = int(line.split()[1])
    except asyncio.TimeoutError:
        status = "gave-up"
    except (OSError, ValueError, IndexError):
        status = "reset"
    finally:
        if writer is not None:
            writer.close()
    return status, time.monotonic() - started


async def scenario(port, path, burst, slow, slow_path):
    in_flight = [asyncio.create_task(get(port, slow_path)) for _ in range(slow)]
    if slow:
        # Let the slow ones reach their workers before the burst.
        await asyncio.sleep(0.5)
    first = await asyncio.gather(*(get(port, path) for _ in range(burst)))
    await asyncio.sleep(1)
    again = await asyncio.gather(*(get(port, path) for _ in range(burst)))
    slow_answers = await asyncio.gather(*in_flight)
    return first, again, slow_answers


def summary(answers):
    ok = sorted(latency for status, latency in answers if status == 200)
    return {
        "ok": len(ok),
        "refused": sum(1 for status, _ in answers if status in (503, 429)),
        "other": sum(1 for status, _ in answers if status not in (200, 503, 429)),
        "p99_ms": (ok[min(len(ok) - 1, int(0.99 * len(ok)))] * 1000) if ok else 0.0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scenarios", default=",".join(s[0] for s in SCENARIOS),
                        help="comma-separated, of " + ", ".join(s[0] for s in SCENARIOS))
    parser.add_argument("--name", default="bursts", help="the reports' file name, without .md or .csv")
    args, _ = parser.parse_known_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = args.scenarios.split(",")
    rows = []
    for name, label, options, path, burst, slow, slow_path in SCENARIOS:
        if name not in chosen:
            continue
        with servers.Server("java", options, args, servers.HERE / "logs" / f"bursts-{name}.log"):
            first, again, slow_answers = asyncio.run(scenario(servers.PORT, path, burst, slow, slow_path))
        row = {"scenario": name, "label": label, "burst": burst}
        row.update({f"first_{k}": v for k, v in summary(first).items()})
        row.update({f"again_{k}": v for k, v in summary(again).items()})
        row["slow_ok"] = sum(1 for status, _ in slow_answers if status == 200)
        row["slow"] = slow
        rows.append(row)
        print(f"[bursts] {name:22} first {row['first_ok']}/{burst} ok, {row['first_refused']} refused, "
              f"p99 {row['first_p99_ms']:.0f} ms; again {row['again_ok']}/{burst} ok, {row['again_refused']} refused, "
              f"p99 {row['again_p99_ms']:.0f} ms" + (f"; slow {row['slow_ok']}/{slow} ok" if slow else ""), flush=True)
    with open(out / f"{args.name}.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (out / f"{args.name}.md").write_text(report(rows, args))
    print(f"Wrote {out}/{args.name}.md, {args.name}.csv", flush=True)


def report(rows, args):
    lines = [
        "# Bursts after a start, and fast requests beside slow ones",
        "",
        "Written by `bench/bursts.py`; do not edit by hand. Made with `python3 bench/bursts.py --java <a JDK 21+ "
        f"java> --jar sample-app/target/{Path(args.jar).name} --out {args.out} --scenarios {args.scenarios} "
        f"--name {args.name}`.",
        "",
        f"- Machine: {bench.machine()}.",
        "- Each scenario on a fresh JVM, its defaults but for what is named: a burst of requests at once, each on "
        "a connection of its own, then the same burst a second later. The mixed ones first put slow requests in "
        "flight and send the fast burst beside them.",
        f"- Clients wait up to {CLIENT_TIMEOUT:.0f} s. Refused: `503` (the starter) or `429` (Netflix's filter).",
        "",
        "| scenario | burst | first: 200 | refused | p99 ms | a second later: 200 | refused | p99 ms | slow ones 200 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(f"| {row['label']} | {row['burst']} | {row['first_ok']} | {row['first_refused']} | "
                     f"{row['first_p99_ms']:,.0f} | {row['again_ok']} | {row['again_refused']} | "
                     f"{row['again_p99_ms']:,.0f} | "
                     + (f"{row['slow_ok']}/{row['slow']}" if row['slow'] else "") + " |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
