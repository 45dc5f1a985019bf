"""A throwaway PostgreSQL server for the benchmarks: a cluster of its own in a temporary folder,
on its own port, with trust authentication on loopback, stopped and removed on exit. Debian's
postgresql package provides the binaries (bench/setup.sh installs it)."""
import glob
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 15432


class Postgres:

    def __init__(self, port=PORT):
        self.port = port
        self.url = f"jdbc:postgresql://127.0.0.1:{port}/postgres"
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not binaries:
            raise RuntimeError("No PostgreSQL server under /usr/lib/postgresql: install Debian's postgresql")
        self.bin = Path(binaries[-1]).parent
        self.data = Path(tempfile.mkdtemp(prefix="bench-postgres-"))

    def __enter__(self):
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        shutil.chown(self.data, "postgres", "postgres")
        self._as_postgres(self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-l", self.data / "server.log", "-w", "start",
                          "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections=100")
        return self

    def __exit__(self, *exc):
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        shutil.rmtree(self.data, ignore_errors=True)

    @staticmethod
    def _as_postgres(*command):
        subprocess.run(["runuser", "-u", "postgres", "--"] + [str(part) for part in command], check=True,
                       stdout=subprocess.DEVNULL)
