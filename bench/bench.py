"""Runs each configuration of the sample app (and gunicorn's peer) on loopback, drives it with wrk,
and writes raw results, a Markdown report and charts. Started by bench/run, which installs what it
needs; read docs/benchmarks/README.md for what it measured last."""
import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pair
from servers import (HERE, IO_MS, JAVA_OPTIONS, QUIET_JIT, WARM_LIMIT, WARM_SLICE, WARM_UP, Server, settle, warm_up,
                     wrk)

CORES = os.cpu_count() or 1
# /cpu's fixed work per request, in milliseconds of one CPU of the reference machine.
CPU_MS = 5
SYNC_WORKERS = 2 * CORES + 1

# What a reader compares: plain Spring Boot, the starter's classes, and gunicorn's, each run as
# servers.Server runs a configuration.
CONFIGS = [
    ("boot-tomcat", "Boot, Tomcat's pool (200 threads)", "java", ["--worker.enabled=false"]),
    ("boot-virtual", "Boot, Tomcat on virtual threads", "java",
     ["--worker.enabled=false", "--spring.threads.virtual.enabled=true"]),
    ("boot-webflux", "Boot, WebFlux on Reactor Netty", "java",
     ["--spring.profiles.active=reactive", "--worker.enabled=false"]),
    ("sync", f"starter sync ({SYNC_WORKERS} workers)", "java",
     ["--worker.class=sync", f"--worker.workers={SYNC_WORKERS}"]),
    ("gthread", "starter gthread (4 x 50 threads)", "java", ["--worker.class=gthread"]),
    ("virtual", "starter virtual (4 x 1000)", "java", ["--worker.class=virtual"]),
    ("reactive", f"starter reactive ({max(CORES, 4)} loops, as Reactor Netty's)", "java",
     ["--spring.profiles.active=reactive"]),
    ("gunicorn-sync", f"gunicorn sync (-w {SYNC_WORKERS})", "gunicorn", ["-k", "sync", "-w", str(SYNC_WORKERS)]),
    ("gunicorn-gthread", "gunicorn gthread (-w 2 --threads 16)", "gunicorn",
     ["-k", "gthread", "-w", "2", "--threads", "16"]),
    ("gunicorn-gevent", "gunicorn gevent (-w 2)", "gunicorn",
     ["-k", "gevent", "-w", "2", "--worker-connections", "1000"]),
]

SCENARIOS = [
    ("hello", "/hello", 64),
    ("io-100", f"/io?ms={IO_MS}", 100),
    ("io-1000", f"/io?ms={IO_MS}", 1000),
    ("cpu", f"/cpu?ms={CPU_MS}", 64),
]

BASELINE = "boot-tomcat"

# The comparisons the project promises: (text, ours, peer, scenario, ratio wanted). Judged by the
# medians of interleaved runs; two JVMs within NOISE of each other are "no difference", since on
# this machine a JVM keeps an offset of its own of a few per cent (docs/benchmarks/analysis.md).
TARGETS = [
    ("gthread on /hello, vs Tomcat's pool (same 200 threads)", "gthread", "boot-tomcat", "hello", 1.0),
    ("virtual on /hello, vs Boot's virtual threads", "virtual", "boot-virtual", "hello", 1.0),
    ("virtual on /io at 1000 connections, vs Boot's virtual threads", "virtual", "boot-virtual", "io-1000", 1.0),
    ("virtual on /io at 1000 connections, vs gunicorn gevent", "virtual", "gunicorn-gevent", "io-1000", 1.0),
    ("reactive on /io at 1000 connections, vs plain WebFlux", "reactive", "boot-webflux", "io-1000", 1.0),
    ("reactive on /hello, vs plain WebFlux", "reactive", "boot-webflux", "hello", 1.0),
    ("sync on /hello, vs gunicorn sync", "sync", "gunicorn-sync", "hello", 1.3),
    ("gthread on /hello, vs gunicorn gthread", "gthread", "gunicorn-gthread", "hello", 1.3),
]
NOISE = 0.05
PAIR_WINDOWS = 4
PAIR_SECONDS = 5


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of every configuration")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per scenario")
    parser.add_argument("--only", help="comma-separated configuration names, for a quick look")
    parser.add_argument("--warm-limit", type=int, default=WARM_LIMIT,
                        help="the most seconds of warm-up per path")
    parser.add_argument("--pairs", type=int, default=0,
                        help="rounds of bench/pair's per target after each run, for a closer look at a ratio near 1")
    args, _ = parser.parse_known_args()
    configs = [c for c in CONFIGS if not args.only or c[0] in args.only.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    names = [c[0] for c in configs]
    results = []
    rounds = []
    total = args.runs * len(configs)
    started = time.monotonic()
    for run in range(1, args.runs + 1):
        for index, (name, label, kind, options) in enumerate(configs, 1):
            step = (run - 1) * len(configs) + index
            print(f"[{step}/{total}] run {run}: {label}", flush=True)
            with Server(kind, options, args, HERE / "logs" / f"{name}-run{run}.log") as server:
                warm = warm_up(server.process.pid, limit=args.warm_limit)
                print(f"    warmed up in {warm:.0f} s", flush=True)
                for scenario, path, connections in SCENARIOS:
                    settle()
                    result = drive(server, path, connections, args.duration)
                    result.update(run=run, config=name, scenario=scenario, connections=connections,
                                  warm_up_s=round(warm))
                    results.append(result)
                    print(f"    {scenario:8s} c={connections:<5d} {result['rps']:9.0f} req/s  "
                          f"p99 {result['p99_ms']:8.1f} ms  errors {result['errors']:6d}  "
                          f"peak RSS {result['rss_mb']:6.0f} MB", flush=True)
            print(f"    ({(time.monotonic() - started) / 60:.1f} min so far)", flush=True)
        for _, ours, theirs, scenario, _ in TARGETS if args.pairs else []:
            if scenario == "hello" and ours in names and theirs in names:
                for index in range((run - 1) * args.pairs, run * args.pairs):
                    rounds.append(play_pair(args, ours, theirs, scenario, run, index))
                print(f"    ({(time.monotonic() - started) / 60:.1f} min so far)", flush=True)

    write_raw(out, results)
    write_pairs(out, rounds)
    summary = summarize(results, configs)
    draw(out, summary, configs)
    (out / "README.md").write_text(report(summary, configs, args, rounds))
    print(f"Wrote {out}/README.md, results.csv, results.json, pairs.csv, throughput.png, p99.png", flush=True)


def drive(server, path, connections, duration):
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], server.rss_kb())
            stop.wait(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        summary = wrk(path, connections, duration)
    finally:
        stop.set()
        sampler.join()
    seconds = summary["duration_us"] / 1e6
    socket_errors = summary["connect"] + summary["read"] + summary["write"] + summary["timeout"]
    return {
        "rps": summary["requests"] / seconds,
        "p50_ms": summary["p50_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "p999_ms": summary["p999_us"] / 1000,
        "errors": socket_errors + summary["status"],
        "non2xx": summary["status"],
        "rss_mb": peak[0] / 1024,
    }


def write_raw(out, results):
    write_csv(out / "results.csv", ["run", "config", "scenario", "connections", "rps", "p50_ms", "p99_ms",
                                    "p999_ms", "errors", "non2xx", "rss_mb", "warm_up_s"], results, 2)
    (out / "results.json").write_text(json.dumps(results, indent=1))


def write_csv(path, fields, rows, digits):
    with open(path, "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: (round(value, digits) if isinstance(value, float) else value)
                             for key, value in row.items()})


def summarize(results, configs):
    """Medians over the runs, per configuration and scenario."""
    summary = {}
    for name, *_ in configs:
        for scenario, _, connections in SCENARIOS:
            rows = [r for r in results if r["config"] == name and r["scenario"] == scenario]
            summary[name, scenario] = {key: statistics.median(r[key] for r in rows)
                                       for key in ("rps", "p50_ms", "p99_ms", "p999_ms", "errors", "rss_mb")}
            summary[name, scenario]["runs"] = [round(r["rps"]) for r in rows]
    return summary


def draw(out, summary, configs):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [c[0] for c in configs]
    colours = ["#9e9e9e" if n.startswith("boot") else "#e07b39" if n.startswith("gunicorn") else "#3b7dd8"
               for n in names]
    for metric, title, file in (("rps", "requests/s (median)", "throughput.png"),
                                ("p99_ms", "p99 latency, ms (median; log scale)", "p99.png")):
        figure, axes = plt.subplots(1, len(SCENARIOS), figsize=(4.2 * len(SCENARIOS), 4.6))
        for axis, (scenario, path, connections) in zip(axes, SCENARIOS):
            values = [summary[n, scenario][metric] for n in names]
            axis.bar(range(len(names)), values, color=colours)
            axis.set_title(f"{path} c={connections}", fontsize=10)
            axis.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=8)
            if metric == "p99_ms":
                axis.set_yscale("log")
            axis.tick_params(axis="y", labelsize=8)
        figure.suptitle(f"{title}: grey Spring Boot, blue the starter, orange gunicorn", fontsize=11)
        figure.tight_layout()
        figure.savefig(out / file, dpi=90)
        plt.close(figure)


def report(summary, configs, args, rounds):
    labels = {c[0]: c[1] for c in configs}
    names = [c[0] for c in configs]
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run` (see [the harness](../../bench/run)); do not edit by hand.",
        "",
        "## How it was measured",
        "",
        f"- Machine: {machine()}.",
        f"- {args.runs} interleaved run(s), each running every configuration in turn; each run starts the "
        f"server, warms each path at low concurrency and then `{WARM_UP[-1][0]}` at {WARM_UP[-1][1]} connections, "
        f"each until the JVM's JIT compiler threads go quiet (under {QUIET_JIT:.0%} of a CPU over {WARM_SLICE} s; "
        f"`warm_up_s` in `results.csv`), then drives each scenario for {args.duration} s with "
        "`wrk -t2 --timeout 5s` on loopback, sharing the CPU with the server.",
        "- Figures are medians over the runs; `results.csv` has every run. Absolute numbers on a shared "
        "2-core machine drift from run to run, so each is also given as a ratio to "
        f"`{BASELINE}` ({labels.get(BASELINE, BASELINE)}) in the same runs.",
        "- Java configurations run the same sample-app jar with no JVM flags (default heap sizing) and "
        "the same meters (`" + " ".join(JAVA_OPTIONS) + "`: no percentile histograms, as Boot's own "
        "`http.server.requests` has none by default). "
        "Peak RSS is the largest resident set seen while a scenario ran (sampled every 250 ms), summed over "
        "gunicorn's master and workers.",
        f"- For `/io?ms={IO_MS}` the Little's-law ceiling is connections / {IO_MS / 1000} s: what the server "
        "would serve if it added no time of its own. Each figure is also given against the best configuration "
        "in the same scenario.",
        f"- Targets are judged by the medians of the interleaved runs. A JVM keeps an offset of its own of a few "
        f"per cent for its whole life, and the machine drifts between runs, so two configurations within "
        f"{NOISE:.0%} of each other are reported as no difference "
        "([analysis](analysis.md#differences-of-a-few-per-cent)); `bench/pair` looks closer at one ratio "
        "(`--pairs N` runs N of its rounds per target after each run, into `pairs.csv`).",
        "",
    ]
    for scenario, path, connections in SCENARIOS:
        io = scenario.startswith("io")
        ceiling = connections / (IO_MS / 1000)
        base = summary.get((BASELINE, scenario), {}).get("rps")
        lines += [f"## `{path}` at {connections} connections", ""]
        if io:
            lines += [f"Ceiling: {ceiling:,.0f} req/s.", ""]
        if scenario == "cpu":
            # Every request is the same fixed work: shared fairly, each takes connections x work / CPUs.
            fair_ms = connections * CPU_MS / CORES
            lines += [f"Ceiling: {CORES / (CPU_MS / 1000):,.0f} req/s ({CORES} CPUs, {CPU_MS} ms of work each); "
                      f"with the CPUs shared fairly every request would take {fair_ms:,.0f} ms, so p99 against that "
                      f"ideal: " + ", ".join(f"{labels[name]} {summary[name, scenario]['p99_ms'] / fair_ms:.2f}"
                                             for name in names) + ".", ""]
        best = max(summary[name, scenario]["rps"] for name in names)
        header = "| configuration | req/s | x baseline | x best | p50 ms | p99 ms | p99.9 ms | errors | peak RSS MB |"
        rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        if io:
            header += " of ceiling |"
            rule += "---:|"
        lines += [header, rule]
        for name in names:
            s = summary[name, scenario]
            ratio = f"{s['rps'] / base:.2f}" if base else "-"
            row = (f"| {labels[name]} | {s['rps']:,.0f} | {ratio} | {s['rps'] / best:.2f} | {s['p50_ms']:.1f} | "
                   f"{s['p99_ms']:.1f} | "
                   f"{s['p999_ms']:.1f} | {s['errors']:,.0f} | {s['rss_mb']:,.0f} |")
            if io:
                row += f" {s['rps'] / ceiling:.0%} |"
            lines.append(row)
        lines.append("")
    lines += ["## Targets", "", *targets(summary, names, rounds), "",
              "![requests per second](throughput.png)", "", "![p99 latency](p99.png)", ""]
    return "\n".join(lines)


def play_pair(args, ours, theirs, scenario, run, index):
    """One round of bench/pair's for a target near 1, which the medians of a few runs cannot
    resolve here (a JVM keeps an offset of its own of up to 7 %; docs/benchmarks/analysis.md):
    fresh JVMs of the baseline (A) and ours (B) run at once and are driven in alternating windows."""
    _, path, connections = next(s for s in SCENARIOS if s[0] == scenario)
    options = {c[0]: c[3] for c in CONFIGS}
    print(f"[pair] run {run}, round {index + 1}: {ours} (B) against {theirs} (A) on {path} at {connections} "
          f"connections, {PAIR_WINDOWS} windows of {PAIR_SECONDS} s each", flush=True)
    settings = argparse.Namespace(java=args.java, jar=args.jar, path=path, connections=connections,
                                  windows=PAIR_WINDOWS, seconds=PAIR_SECONDS)
    measured = pair.play_round(settings, options[theirs], options[ours], index, f"pair-{ours}")
    ratio = pair.ratio(measured)
    print(f"    {ours} / {theirs}: {ratio:.3f}", flush=True)
    return {"run": run, "round": index + 1, "config": ours, "baseline": theirs,
            "scenario": scenario, "ratio": ratio,
            "cpu_us": statistics.median(w["cpu_us"] for w in measured["B"]),
            "baseline_cpu_us": statistics.median(w["cpu_us"] for w in measured["A"])}


def write_pairs(out, rounds):
    write_csv(out / "pairs.csv", ["run", "round", "config", "baseline", "scenario", "ratio", "cpu_us",
                                  "baseline_cpu_us"], rounds, 3)


def targets(summary, names, rounds):
    """The comparisons the project promises, each with its figures; absent configurations are
    skipped. Within NOISE of 1, a ratio is no difference, which meets a target of 1."""
    lines = ["| target | ratio | verdict | wanted | met | of the ceiling | x best | ratio in each run | pair rounds |",
             "|---|---:|---|---:|---|---:|---:|---|---|"]
    for text, ours, theirs, scenario, wanted in TARGETS:
        if ours not in names or theirs not in names:
            continue
        ratio = summary[ours, scenario]["rps"] / summary[theirs, scenario]["rps"]
        verdict = "no difference" if abs(ratio - 1) < NOISE else ("better" if ratio > 1 else "worse")
        met = ratio >= wanted or (verdict == "no difference" and wanted <= 1)
        _, _, connections = next(s for s in SCENARIOS if s[0] == scenario)
        ceiling = (f"{summary[ours, scenario]['rps'] / (connections / (IO_MS / 1000)):.0%}"
                   if scenario.startswith("io") else "")
        best = max(summary[name, scenario]["rps"] for name in names)
        # The ratios of the same run show how far the machine's drift reaches into the medians' ratio.
        runs = ", ".join(f"{a / b:.2f}" for a, b in zip(summary[ours, scenario]["runs"],
                                                       summary[theirs, scenario]["runs"]))
        paired = ", ".join(f"{r['ratio']:.3f}" for r in rounds if r["config"] == ours and r["baseline"] == theirs)
        lines.append(f"| {text} | {ratio:.2f} | {verdict} | {wanted:.2f} | {'yes' if met else 'no'} | {ceiling} | "
                     f"{summary[ours, scenario]['rps'] / best:.2f} | {runs} | {paired} |")
    if "virtual" in names and "boot-virtual" in names:
        ours, theirs = summary["virtual", "io-1000"]["rss_mb"], summary["boot-virtual", "io-1000"]["rss_mb"]
        lines.append(f"| virtual peak RSS at 1000 connections, vs Boot's virtual threads (lower is better) | "
                     f"{ours / theirs:.2f} | {'no difference' if abs(ours / theirs - 1) < NOISE else ''} | "
                     f"at most 1.00 | {'yes' if ours / theirs < 1 + NOISE else 'no'} | | | | |")
    return lines


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    java = subprocess.run([sys.argv[sys.argv.index("--java") + 1], "-version"], capture_output=True,
                          text=True).stderr.splitlines()[0]
    peer = Path("/usr/bin/gunicorn")
    gunicorn = (subprocess.run([peer, "--version"], capture_output=True, text=True).stdout.strip() + ", "
                if peer.exists() else "")
    return (f"{CORES} CPUs ({cpu}), {memory / 1024 / 1024:.1f} GB, Linux {platform.release()}, {java}, "
            f"{gunicorn}Python {platform.python_version()}")


if __name__ == "__main__":
    main()
