"""A real PostgreSQL for the tests: a throw-away cluster in a temporary folder, started once
per session on a free local port (fsync off), a fresh database for each test that asks for
`pg_url`, and the cluster stopped at the end (Ctrl+C too). No mocks: the team binder must be
tested against the server it will run on.

The server's programs come from Debian's `postgresql` package (/usr/lib/postgresql/N/bin,
highest N). initdb refuses to run as root, so as root the server runs as the `postgres`
user, in a folder that user owns; the tests connect over TCP to 127.0.0.1 with trust auth.

    python -m tests.pg [--install]

says whether the programs are here (exit 0) or not (exit 1); with --install it installs the
package with apt-get when root or password-less sudo (as app.system_libs does for Qt's
libraries), and else prints the one command to run. `make test` runs it before pytest.
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "postgresql"
ROOT = Path("/usr/lib/postgresql")
_UNSAFE = re.compile(r"[^a-z0-9_]+")
_numbers = itertools.count(1)


def server_bin() -> Path | None:
    """The newest installed server's bin folder (the one with initdb), or None."""
    found = []
    for initdb in ROOT.glob("*/bin/initdb"):
        try:
            found.append((float(initdb.parent.parent.name), initdb.parent))
        except ValueError:
            continue
    return max(found)[1] if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A running throw-away cluster: where it lives and how to reach it."""

    bin: Path
    folder: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True,
                              timeout=120, check=False)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        done = self.run(str(self.bin / "pg_ctl"), "start", "-w", "-t", "60",
                        "-D", str(self.data), "-l", str(self.folder / "server.log"),
                        "-o", options)
        if done.returncode != 0:
            log = (self.folder / "server.log")
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()}\n"
                               + (log.read_text(errors="replace") if log.exists() else ""))

    def stop(self) -> None:
        """Stops the server (immediately: nothing in it is worth keeping) and removes it."""
        if (self.data / "postmaster.pid").exists():
            self.run(str(self.bin / "pg_ctl"), "stop", "-w", "-m", "immediate",
                     "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_user() -> list[str] | None:
    """The prefix that runs the server's programs: none for a user, `runuser -u postgres`
    for root (initdb refuses root); None when root has no postgres user to run them as."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        return None
    try:
        import pwd
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return ["runuser", "-u", "postgres", "--"]


def start_cluster() -> Cluster:
    """A fresh cluster, started; pytest.skip with the reason when this machine cannot."""
    bin_folder = server_bin()
    if bin_folder is None:
        pytest.skip(f"no PostgreSQL server here ({ROOT}/*/bin/initdb): install it with "
                    f"`python -m tests.pg --install` (apt-get install {PACKAGE})")
    as_user = _as_server_user()
    if as_user is None:
        pytest.skip("running as root without runuser or a postgres user: initdb refuses "
                    "root, so the test server cannot start")
    # as root straight under /tmp: the postgres user cannot enter root's folders (pytest's,
    # a TMPDIR under /root); a short path too, for the server's unix socket (107 bytes)
    folder = Path(tempfile.mkdtemp(prefix="ringbinder-pg-", dir="/tmp" if as_user else None))
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bin_folder, folder, 0, as_user)
    made = cluster.run(str(bin_folder / "initdb"), "-D", str(cluster.data), "-U", "postgres",
                       "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
                       "--no-instructions")
    if made.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {made.stderr.strip()}")
    for attempt in range(3):  # a port found free can be taken before the server binds it
        cluster.port = _free_port()
        try:
            cluster.start()
            break
        except RuntimeError:
            if attempt == 2:
                cluster.stop()
                raise
    atexit.register(cluster.stop)  # a session cut short still leaves no postmaster
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        # a CI timeout's SIGTERM ends the session as Ctrl+C does: fixtures torn down
        signal.signal(signal.SIGTERM, _interrupt)
    return cluster


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def create_database(cluster: Cluster, hint: str, template: str = "template0") -> str:
    """A new database named after the test, a copy of `template` (empty: instant)."""
    name = f"t{next(_numbers)}_{_UNSAFE.sub('_', hint.lower())}"[:60].rstrip("_")
    with _admin(cluster) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
    return cluster.url(name)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster, request: pytest.FixtureRequest) -> str:
    """The SQLAlchemy URL of a fresh, empty PostgreSQL database of this test's own."""
    return create_database(pg_cluster, request.node.name)


TEMPLATE = "binder_template"


@pytest.fixture(scope="session")
def _pg_binder_template(pg_cluster: Cluster) -> str:
    """A database made a team binder once (migrating is the slow part); tests get copies."""
    from app.store.team_db import open_team

    with _admin(pg_cluster) as conn:
        conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0 ENCODING \'UTF8\'')
    open_team(pg_cluster.url(TEMPLATE), create=True).close()
    return TEMPLATE


@pytest.fixture
def pg_binder_url(pg_cluster: Cluster, _pg_binder_template: str,
                  request: pytest.FixtureRequest) -> str:
    """The address of a team binder of this test's own: an empty binder, migrated."""
    return create_database(pg_cluster, request.node.name, template=_pg_binder_template)


def _admin(cluster: Cluster):
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres",
                           dbname="postgres", autocommit=True)


def main(argv: list[str] | None = None) -> int:
    from app.system_libs import apt_install, install_command

    parser = argparse.ArgumentParser(prog="python -m tests.pg")
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args(argv)
    if server_bin() is not None:
        return 0
    command = install_command([PACKAGE])
    sys.stderr.write(f"The tests need a PostgreSQL server ({ROOT}/*/bin/initdb): none here\n")
    if args.install and apt_install(command) and server_bin() is not None:
        return 0
    sys.stderr.write("Install it with:\n    sudo " + " ".join(command) + "\n"
                     "(without it the PostgreSQL tests are skipped)\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())


def as_login(url: str, login: str) -> str:
    """The address of the same database for another person: a login role made (once per
    cluster) and given what the team's people need on this database's tables."""
    import psycopg

    from app.team_address import sqlalchemy_url

    _user, _at, rest = url.partition("@")
    host_port, _slash, database = rest.partition("/")
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if exists is None:
            conn.execute(f'CREATE ROLE "{login}" LOGIN')
        conn.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{login}"')
        conn.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{login}"')
    return sqlalchemy_url(f"postgresql://{login}@{host_port}/{database}")


def make_login(cluster: Cluster, login: str) -> None:
    """A login role on the cluster (once), as a server's administrator makes one."""
    with _admin(cluster) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is None:
            conn.execute(f'CREATE ROLE "{login}" LOGIN')


def password_login(cluster: Cluster, login: str, password: str) -> None:
    """A login that must give its password (scram-sha-256 over TCP), as on a real server;
    the cluster's other logins keep trust."""
    with _admin(cluster) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is None:
            conn.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{password}'")
    hba = cluster.data / "pg_hba.conf"
    rule = f"host all {login} 127.0.0.1/32 scram-sha-256\n"
    text = hba.read_text()
    if rule not in text:
        hba.write_text(rule + text)  # the first rule that fits is the one taken
        cluster.run(str(cluster.bin / "pg_ctl"), "reload", "-D", str(cluster.data))
    import time

    import psycopg

    for _ in range(100):  # the reload is read by the server in its own time
        try:
            psycopg.connect(host="127.0.0.1", port=cluster.port, user=login,
                            dbname="postgres", passfile="/nonexistent").close()
        except psycopg.OperationalError:
            return  # a password wanted: the rule holds
        time.sleep(0.05)
    raise RuntimeError(f"the server does not ask {login} for a password")


def database_owned_by(cluster: Cluster, hint: str, owner: str) -> str:
    """A new empty database owned by `owner` (a login made if need be): what a server's
    administrator gives a team's manager; the address as the owner."""
    make_login(cluster, owner)
    name = f"t{next(_numbers)}_{_UNSAFE.sub('_', hint.lower())}"[:60].rstrip("_")
    with _admin(cluster) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}" TEMPLATE template0 '
                     "ENCODING 'UTF8'")
    return f"postgresql+psycopg://{owner}@127.0.0.1:{cluster.port}/{name}"


def give_binder_to(url: str, login: str) -> None:
    """Make `login` the owner of a team binder's tables, sequences and functions, as when
    the manager made it in a database of their own: only the owner can let people in."""
    import psycopg

    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        objects = conn.execute(
            "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'").fetchall()  # sequences follow
        for kind, name in objects:
            conn.execute(f'ALTER {kind} "{name}" OWNER TO "{login}"')
