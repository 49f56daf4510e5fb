"""Serving the demo for bench/load.py and bench/faults.py.

A throw-away database in a temporary directory: SQLite, or with
BENCH_POSTGRES=1 a PostgreSQL server started the way bin/test-postgres starts
it (initdb as the `postgres` user when run as root, a free loopback port,
stopped and removed however the run ends). The demo goes into it, and
gunicorn serves it as `make run` does (2 workers, no access log), in a
process group of its own so that a benchmark can SIGKILL master and workers
at once.

Unlike bin/test-postgres the server keeps fsync on, as in production: the
load's writes pay for it. bench/run.py sets BENCH_DEMO_CACHE to a directory
of its own run, so that the SQLite demo is made once and each benchmark
starts from a copy of it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "") not in ("", "0")
ENGINE = "PostgreSQL" if POSTGRES else "SQLite"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def warm(port: int) -> None:
    """Both workers answer: each imports the app at its first request."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: _get(port, "/accounts/login/"), range(4)))
    if statuses != [200] * 4:
        raise RuntimeError(f"the login page answered {statuses}")


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn as `make run` starts it, in a new session (process group)."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "nastavnik.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(port, server)
    warm(port)
    return server


def worker_cpu(server: subprocess.Popen) -> float:
    """CPU seconds (user and system) the server's workers have used so far:
    per request, a figure that other load on the machine hardly changes."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        if int(fields[1]) == server.pid:  # ppid: a worker of this master
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def kill(server: subprocess.Popen) -> None:
    """SIGKILL to the master and its workers at once: nobody cleans up."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill(server)


def _initdb() -> str:
    found = shutil.which("initdb")
    if found:
        return os.path.realpath(found)
    versions = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    versions.sort(key=lambda path: int(Path(path).parent.parent.name))
    if versions:
        return versions[-1]
    if os.geteuid() != 0:
        raise RuntimeError("initdb not found: apt-get install postgresql")
    print("initdb not found: installing Debian's postgresql", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "postgresql"],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        check=True,
    )
    return _initdb()


@contextlib.contextmanager
def _postgres() -> Iterator[str]:
    """A PostgreSQL server of its own; yields its DATABASE_URL."""
    pgbin = Path(_initdb()).parent
    as_pg: list[str] = []
    tmp = tempfile.mkdtemp(prefix="nastavnik-bench-pg-")
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root.
        if subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell"]
                + ["/usr/sbin/nologin", "postgres"],
                check=True,
            )
        shutil.chown(tmp, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data, port = f"{tmp}/data", free_port()

    def pg(*args: str) -> None:
        # cwd=tmp: the postgres user may not read the caller's cwd.
        subprocess.run([*as_pg, *args], cwd=tmp, check=True, capture_output=True)

    started = False
    try:
        # Checksums, so that the full read after a SIGKILL would see a torn page.
        pg(
            str(pgbin / "initdb"),
            *("-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync", "--data-checksums"),
        )
        started = True
        pg(
            str(pgbin / "pg_ctl"),
            "-w",
            "-D",
            data,
            "-l",
            f"{tmp}/postgres.log",
            "-o",
            f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1",
            "start",
        )
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            with contextlib.suppress(subprocess.CalledProcessError):
                pg(str(pgbin / "pg_ctl"), "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, its WAL included."""
    source_db, target_db = sqlite3.connect(source), sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()


@contextlib.contextmanager
def demo(settings: str = "nastavnik.settings") -> Iterator[dict]:
    """A fresh demo database; yields the environment to serve it with.

    The calling process is set up with that environment too (Django not yet
    imported), so that it can read the database and make session cookies."""
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="nastavnik-"))
        url = stack.enter_context(_postgres()) if POSTGRES else None
        env = {
            **os.environ,
            "DATABASE_URL": url or f"sqlite:///{tmp}/db.sqlite3",
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
            "DEBUG": "False",
            "PROFILE": "local",
        }
        os.environ.update(env)
        sys.path[:0] = [str(HERE), str(ROOT)]
        cache = os.environ.get("BENCH_DEMO_CACHE", "")
        cached = Path(cache) / "demo.sqlite3" if cache and not POSTGRES else None
        if cached and cached.exists():
            _copy(cached, Path(tmp) / "db.sqlite3")
        else:
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "collectstatic", "--noinput", "-v0")
            manage(env, "demo")
            if cached:
                _copy(Path(tmp) / "db.sqlite3", cached)

        import django

        django.setup()
        yield env
