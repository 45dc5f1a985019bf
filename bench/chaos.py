"""A long run of every change to the workers in random order under constant load: reloads,
restarts, scale changes, recycles (max-requests and max-lifetime) and class switches, while
closed-loop clients keep /io busy. Counts every answer that is not a 200 and every connection
error, samples the serving workers against the number asked for, and prints one summary line per
minute and a total. Started by bench/chaos; docs/reliability.md has its figures."""
import argparse
import http.client
import json
import random
import threading
import time

import servers

CLASSES = ["sync", "gthread", "virtual"]
# 32 clients are about ten times what 3 sync workers take: the queue target would refuse some on
# arrival, and this run is about what changes to the workers lose, not about admission.
OPTIONS = ["--management.endpoint.workers.access=unrestricted", "--worker.class=sync", "--worker.workers=3",
           "--worker.max-requests=200", "--worker.max-requests-jitter=100", "--worker.max-lifetime=20s",
           "--worker.max-lifetime-jitter=10s", "--worker.queue-target=0"]


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.served = 0
        self.failed = {}
        self.changes = {}
        self.shortfalls = 0

    def fail(self, what):
        with self.lock:
            self.failed[what] = self.failed.get(what, 0) + 1


def clients(port, count, deadline, counts):
    def loop():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", "/io?ms=10")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    with counts.lock:
                        counts.served += 1
                else:
                    counts.fail(str(response.status))
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as ex:
                counts.fail(type(ex).__name__)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    threads = [threading.Thread(target=loop) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def post(port, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    return response.status, answer


def workers(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/actuator/workers")
    body = json.loads(connection.getresponse().read())
    connection.close()
    return body


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = Counts()
    print(f"seed {args.seed}, {args.clients} clients on /io?ms=10 for {args.minutes:g} min", flush=True)
    with servers.Server("java", OPTIONS, args, servers.HERE / "logs" / "chaos.log"):
        start = time.monotonic()
        deadline = start + args.minutes * 60
        threads = clients(servers.PORT, args.clients, deadline, counts)
        asked = 3
        next_report = start + 60
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.2, 2.0))
            count = rng.randint(2, 5)
            kind = rng.choice(["reload", "restart", "scale", "switch"])
            floor = asked
            if kind == "reload":
                status, _ = post(servers.PORT, "/actuator/workers", {"action": "reload"})
            elif kind == "restart":
                status, _ = post(servers.PORT, f"/actuator/workers/{rng.randint(1, asked)}", {"action": "restart"})
            else:
                floor = min(asked, count)
                body = {"action": "scale", "workers": count} if kind == "scale" else \
                    {"action": "switch", "to": rng.choice(CLASSES), "workers": count, "threads": 8, "connections": 100}
                status, _ = post(servers.PORT, "/actuator/workers", body)
                asked = count
            if status != 200:
                counts.fail(f"{kind} answered {status}")
            counts.changes[kind] = counts.changes.get(kind, 0) + 1
            serving = sum(1 for worker in workers(servers.PORT)["workers"] if worker["state"] == "SERVING")
            if serving < floor - 1:
                counts.shortfalls += 1
            if time.monotonic() >= next_report:
                next_report += 60
                print(f"  {(time.monotonic() - start) / 60:4.1f} min: {counts.served} served, failed {counts.failed}, "
                      f"changes {counts.changes}", flush=True)
        for thread in threads:
            thread.join()
        exits = workers(servers.PORT)["totals"]["exits"]
    print(f"{counts.served} served, failed {counts.failed or 'none'}, changes {counts.changes}, "
          f"worker exits {exits}, serving below the number asked for less one: {counts.shortfalls} times", flush=True)


if __name__ == "__main__":
    main()
