"""A throwaway PostgreSQL server for the tests, from Debian's package, on loopback.

``running_server()`` -> a context manager yielding a started ``PgServer`` (initdb into a fresh
temporary folder, trust authentication on 127.0.0.1 and a unix socket in that folder, a free
port, durability off for speed); the server is stopped and its folder removed on exit.
``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` system user.
Raises ``PgUnavailable`` with the reason (and the server log) when it cannot start.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "postgres"
SUPERUSER = "crosswire"
SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c listen_addresses=127.0.0.1 -c max_connections=100")


class PgUnavailable(RuntimeError):
    """The test server could not be started (no binaries, no user, initdb or start failed)."""


@dataclass
class PgServer:
    """A running test server: its folder, port, and the binaries' folder."""

    folder: Path
    port: int
    bindir: Path
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """database name -> its URL on this server (no password: trust on loopback)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t") -> str:
        """-> the URL of a new, empty database on this server."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)


def find_bindir() -> Path:
    """-> the newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl; PgUnavailable."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise PgUnavailable("no PostgreSQL binaries: install Debian's postgresql package "
                                "(`make postgres` does) or put initdb on PATH")
        return Path(on_path).parent
    return Path(found[-1]).parent


def free_port() -> int:
    """-> a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(args: list[str]) -> list[str]:
    """a command -> the same command run as the unprivileged server user when we are root."""
    if os.geteuid() != 0:
        return args
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError as exc:
        raise PgUnavailable(f"running as root and there is no '{SERVER_USER}' user to run "
                            "the test server as (initdb refuses root)") from exc
    return ["runuser", "-u", SERVER_USER, "--", *args]


def _run(args: list[str], what: str, log: Path | None = None) -> None:
    """Run a server command; PgUnavailable with its output (and the log) when it fails."""
    done = subprocess.run(_as_server_user(args), capture_output=True, text=True, timeout=60)
    if done.returncode:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise PgUnavailable(f"{what} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")


def _make_folder() -> Path:
    """-> a new temporary folder owned by the server user (when root)."""
    folder = Path(tempfile.mkdtemp(prefix="crosswire-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=SERVER_USER, group=None)
    return folder


def start_server() -> PgServer:
    """-> a started server (initdb, pg_ctl start); PgUnavailable saying why not."""
    bindir = find_bindir()
    folder = _make_folder()
    server = PgServer(folder, free_port(), bindir)
    log = folder / "server.log"
    try:
        _run([str(bindir / "initdb"), "-D", str(server.data), "-U", SUPERUSER, "--auth=trust",
              "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], "initdb")
        options = f"-p {server.port} -k {folder} {SETTINGS}"
        _run([str(bindir / "pg_ctl"), "-D", str(server.data), "-l", str(log), "-o", options,
              "-w", "-t", "30", "start"], "pg_ctl start", log)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server: PgServer) -> None:
    """Stop the server (immediately: its data is thrown away) and remove its folder."""
    subprocess.run(_as_server_user([str(server.bindir / "pg_ctl"), "-D", str(server.data),
                                    "-m", "immediate", "-w", "stop"]),
                   capture_output=True, timeout=60, check=False)
    shutil.rmtree(server.folder, ignore_errors=True)


@contextmanager
def running_server() -> Iterator[PgServer]:
    """-> a started server for the with-block; stopped and removed after it."""
    server = start_server()
    try:
        yield server
    finally:
        stop_server(server)
