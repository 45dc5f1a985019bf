"""The sample app's endpoints as a WSGI application, for gunicorn's worker classes."""
import time
from urllib.parse import parse_qs

STEPS_PER_MS = 3_800
MASK = (1 << 64) - 1


def _ms(environ, default):
    values = parse_qs(environ.get("QUERY_STRING", "")).get("ms")
    return int(values[0]) if values else default


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/hello":
        body = b"hello\n"
    elif path == "/io":
        # Blocks the thread, as the Java /io does; gevent's worker patches it to yield.
        ms = _ms(environ, 50)
        time.sleep(ms / 1000)
        body = b"slept %d ms\n" % ms
    elif path == "/cpu":
        # Fixed work, as the Java /cpu does: xorshift steps, as many as CPython runs in the
        # milliseconds asked on the reference machine (about 260 ns each).
        ms = _ms(environ, 5)
        state = time.monotonic_ns() | 1
        for _ in range(ms * STEPS_PER_MS):
            state ^= (state << 13) & MASK
            state ^= state >> 7
            state ^= (state << 17) & MASK
        body = b"worked %d ms, %x\n" % (ms, state)
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
