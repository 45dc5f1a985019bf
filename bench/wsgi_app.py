"""The sample app's endpoints as a WSGI application, for gunicorn's worker classes."""
import time
from urllib.parse import parse_qs


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
        end = time.perf_counter() + _ms(environ, 5) / 1000
        spins = 0
        while time.perf_counter() < end:
            spins += 1
        body = b"spun %d times\n" % spins
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
