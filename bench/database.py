"""A real downstream bound: /db takes a connection from a HikariCP pool of 10 to a real PostgreSQL
and runs a 20 ms query, under 1000 closed-loop clients that give up after 2 s (overload.py's).
Plain Spring Boot on virtual threads against the starter's virtual class with its defaults.
Writes database.md and database.csv beside the benchmark report."""
import argparse
from pathlib import Path

import bench
import overload
import servers
from postgres import Postgres

QUERY_MS = 20
POOL = 10
PATH = f"/db?ms={QUERY_MS}"
CLIENTS = 1000
CAPACITY = round(POOL / (QUERY_MS / 1000))

CONFIGS = {
    "boot-virtual": ("Boot, Tomcat on virtual threads", ["--worker.enabled=false",
                                                         "--spring.threads.virtual.enabled=true"]),
    "virtual": ("starter virtual, defaults (4 x 1000, limit gradient2, max-queue-time 1s)",
                ["--worker.class=virtual"]),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--duration", type=int, default=20)
    args, _ = parser.parse_known_args()
    out = Path(args.out)
    rows = []
    with Postgres() as database:
        for run in range(1, args.runs + 1):
            for name, (label, options) in CONFIGS.items():
                options = options + [f"--sample.db.url={database.url}", f"--sample.db.pool-size={POOL}"]
                with servers.Server("java", options, args, servers.HERE / "logs" / f"database-{name}-run{run}.log"):
                    servers.settle()
                    row = overload.measure(servers.PORT, CLIENTS, args.duration, 0, PATH)
                row.update(run=run, config=name)
                rows.append(row)
                print(f"[database] run {run} {name:13}: goodput {row['goodput_per_s']:5.0f}/s  "
                      f"served p99 {row['served_p99_ms']:5.0f} ms  refused {row['refused_per_s']:4.0f}/s  "
                      f"pool timeouts {row['errors_5xx']}  gave up {row['gave_up']}  resets {row['resets']}",
                      flush=True)
    overload.write_csv(out / "database.csv", rows)
    (out / "database.md").write_text(report(rows, args))
    print(f"Wrote {out}/database.md, database.csv", flush=True)


def report(rows, args):
    lines = [
        "# A real downstream bound: PostgreSQL behind a pool of 10",
        "",
        f"Written by `bench/database.py`; do not edit by hand. Made with `{overload.command(args)}` "
        "(`bench/run` runs it last).",
        "",
        f"- Machine: {bench.machine()}; PostgreSQL from Debian's package, on loopback.",
        f"- `{PATH}`: a connection from a HikariCP pool of {POOL} (connection timeout 5 s, then `500`), "
        f"`SELECT pg_sleep({QUERY_MS / 1000})`. The pool can serve {CAPACITY} req/s.",
        f"- {CLIENTS} closed-loop clients that never pause, give up after {overload.CLIENT_TIMEOUT:.0f} s and "
        f"wait the `Retry-After` of a `503`; {args.duration} s, {args.runs} run(s), medians.",
        "",
        "| configuration | goodput req/s | served p50 ms | served p99 ms | refused/s | pool timeouts (500) | gave up | resets | probe p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (label, _) in CONFIGS.items():
        median = overload.medians([r for r in rows if r["config"] == name])
        lines.append(f"| {label} | {median('goodput_per_s'):,.0f} | {median('served_p50_ms'):,.0f} | "
                     f"{median('served_p99_ms'):,.0f} | {median('refused_per_s'):,.0f} | {median('errors_5xx'):,.0f} | "
                     f"{median('gave_up'):,.0f} | {median('resets'):,.0f} | {median('probe_p99_ms'):,.0f} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
