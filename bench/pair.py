"""Compares two Java configurations of the sample app on one scenario: both run at once and are
driven in turn, window after window, so that the machine's drift falls on both alike, in fresh
pairs of JVMs that each configuration starts first in turn. bench/run's medians cannot resolve an
overhead of a few per cent (runs of one configuration differ by up to 40 % here); this can, given
enough rounds. Run it with the same options on both sides first: the spread of a null difference
is what a real one must stand out from. Started by bench/pair."""
import argparse
import statistics

import servers


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--path", default="/hello")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=6, help="pairs of fresh JVMs, each started first in turn")
    parser.add_argument("--windows", type=int, default=4, help="windows of load per configuration and round")
    parser.add_argument("--seconds", type=int, default=5, help="length of one window")
    parser.add_argument("a", help="the baseline's options, as one string")
    parser.add_argument("b", help="the options compared with it, as one string")
    args = parser.parse_args()

    rounds = []
    for round_ in range(args.rounds):
        print(f"round {round_ + 1}: {first_in(round_)} first", flush=True)
        rounds.append(play_round(args, args.a.split(), args.b.split(), round_, "pair"))
    print(summary(rounds))


def first_in(round_):
    """Start order must not side with either configuration: each starts first in turn."""
    return "A" if round_ % 2 == 0 else "B"


def play_round(args, a, b, round_, log_name):
    """One round: fresh JVMs of options a and b, warmed, then driven in alternating windows.
    args carries java, jar, path, connections, windows and seconds."""
    options = {"A": a, "B": b}
    first = first_in(round_)
    second = "B" if first == "A" else "A"
    logs = servers.HERE / "logs"
    with (servers.Server("java", options[first], args, logs / f"{log_name}-{first}.log", servers.PORT) as one,
          servers.Server("java", options[second], args, logs / f"{log_name}-{second}.log", servers.PORT + 1) as two):
        running = {first: one, second: two}
        for name in (first, second):
            warmed = servers.warm_up(running[name].process.pid, running[name].port)
            print(f"  {name} warmed up in {warmed:.0f} s", flush=True)
        measured = {"A": [], "B": []}
        for window in range(args.windows):
            # Each goes first in every other window, so that neither always follows the other's load.
            for name in (first, second) if window % 2 == 0 else (second, first):
                servers.settle(running[name].port)
                measured[name].append(measure(running[name], args))
            a, b = measured["A"][-1], measured["B"][-1]
            print(f"  window {window + 1:3d}: A {describe(a)}  B {describe(b)}  B/A {b['rps'] / a['rps']:.3f}",
                  flush=True)
        return measured


def ratio(measured):
    """B's requests/s over A's in one round, over all its windows."""
    return total(measured["B"]) / total(measured["A"])


def measure(server, args):
    cpu_before = servers.cpu_seconds(server.process.pid)
    result = servers.wrk(args.path, args.connections, args.seconds, server.port)
    seconds = result["duration_us"] / 1e6
    return {"rps": result["requests"] / seconds,
            "cpu_us": (servers.cpu_seconds(server.process.pid) - cpu_before) / result["requests"] * 1e6}


def describe(window):
    return f"{window['rps']:7.0f} req/s {window['cpu_us']:5.0f} us CPU/req"


def summary(rounds):
    """Ratios per round, not per window: a JVM keeps an offset of its own for its whole life (two
    identical gthread JVMs stayed 7 % apart over ten windows, the next pair 3 % the other way), so
    windows of one round are not independent samples, and only rounds of fresh JVMs average it."""
    ratios = [ratio(measured) for measured in rounds]
    cpu = {name: statistics.median(w["cpu_us"] for measured in rounds for w in measured[name]) for name in "AB"}
    return "\n".join([
        "B/A requests/s per round: " + ", ".join(f"{ratio:.3f}" for ratio in ratios),
        f"median of the rounds {statistics.median(ratios):.3f}, range {min(ratios):.3f} to {max(ratios):.3f}",
        f"server CPU per request, medians of the windows: A {cpu['A']:.0f} us, B {cpu['B']:.0f} us",
    ])


def total(windows):
    return sum(window["rps"] for window in windows)


if __name__ == "__main__":
    main()
