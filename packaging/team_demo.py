"""`make team-demo`: a local PostgreSQL server with a team binder to try, a manager and three
salespeople, the demo's clients shared among the salespeople.

    PYTHONPATH=. python packaging/team_demo.py [--clients 1200] [--folder .team-demo] [--stop]

The server runs from Debian's `postgresql` package (installed when missing, as `make test`
does) in FOLDER, on 127.0.0.1, until `--stop`. It prints the commands that open a window as
each person; every window sees the others' refilings within seconds.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tests.pg import Cluster, _admin, _as_server_user, _free_port, server_bin

MANAGER = ("maria", "Maria Manager")
SALESPEOPLE = (("anna", "Anna Kowalska"), ("piotr", "Piotr Nowak"), ("lucia", "Lucía Gómez"))
DATABASE = "team"


def _cluster(folder: Path) -> Cluster:
    """The demo's server in `folder`: made the first time, started unless it runs."""
    import shutil

    bin_folder = server_bin()
    as_user = _as_server_user()
    if bin_folder is None or as_user is None:
        sys.exit("team-demo: no PostgreSQL server here: `python -m tests.pg --install` "
                 "installs it (apt-get install postgresql)")
    folder.mkdir(parents=True, exist_ok=True)
    port_file = folder / "port"
    cluster = Cluster(bin_folder, folder, int(port_file.read_text()) if port_file.exists()
                      else _free_port(), as_user)
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    if not cluster.data.exists():
        made = cluster.run(str(bin_folder / "initdb"), "-D", str(cluster.data), "-U",
                           "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                           "--no-instructions")
        if made.returncode != 0:
            sys.exit(f"team-demo: initdb failed: {made.stderr.strip()}")
    if not (cluster.data / "postmaster.pid").exists():
        cluster.start()
    port_file.write_text(str(cluster.port))
    return cluster


def _logins(cluster: Cluster) -> bool:
    """The people's logins and the manager's database; False when they were made before."""
    with _admin(cluster) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                        (DATABASE,)).fetchone() is not None:
            return False
        for login, _name in (MANAGER, *SALESPEOPLE):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                            (login,)).fetchone() is None:
                conn.execute(f'CREATE ROLE "{login}" LOGIN')
        conn.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{MANAGER[0]}" TEMPLATE template0 '
                     "ENCODING 'UTF8'")
    return True


def address(cluster: Cluster, login: str) -> str:
    return f"postgresql://{login}@127.0.0.1:{cluster.port}/{DATABASE}"


def fill(cluster: Cluster, clients: int, today: date) -> None:
    """The manager makes the binder, adds the salespeople, makes the demo's clients and
    shares them out in turn."""
    from app.clock import FixedClock
    from app.services import open_services
    from app.services.demo import generate_demo

    with open_services(address(cluster, MANAGER[0]), FixedClock(today), create=True) as boss:
        boss.people.rename(MANAGER[0], MANAGER[1])
        for login, name in SALESPEOPLE:
            boss.people.add_person(login, name)
        generate_demo(boss, clients)
        ids = [row.id for key in ("overdue", "undated") for row in boss.views.list_insert(key)]
        ids += [row.id for tab in boss.views.tabs() if tab.key not in ("overdue", "undated")
                for row in boss.views.list_insert(tab.key)]
        for n, (login, _name) in enumerate(SALESPEOPLE):
            boss.people.reassign(ids[n::len(SALESPEOPLE)], login)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/team_demo.py")
    parser.add_argument("--folder", type=Path, default=Path(".team-demo"))
    parser.add_argument("--clients", type=int, default=1200)
    parser.add_argument("--stop", action="store_true", help="stop the demo's server")
    args = parser.parse_args(argv)
    folder = args.folder.absolute()
    if args.stop:
        bin_folder, as_user = server_bin(), _as_server_user()
        if bin_folder is not None and as_user is not None and (folder / "data").exists():
            Cluster(bin_folder, folder, 0, as_user).run(
                str(bin_folder / "pg_ctl"), "stop", "-w", "-D", str(folder / "data"))
            print(f"team-demo: stopped; the data stays in {folder} (delete it to start over)")
        return 0
    cluster = _cluster(folder)
    if _logins(cluster):
        print(f"team-demo: making the team binder with {args.clients} clients …", flush=True)
        fill(cluster, args.clients, date.today())
    ringbinder = Path(sys.executable).with_name("ringbinder")
    print("team-demo: the team binder runs. Open a window as each person:")
    for login, name in (MANAGER, *SALESPEOPLE):
        role = "manager" if login == MANAGER[0] else "salesperson"
        print(f"  {name} ({role}):\n    {ringbinder} --binder {address(cluster, login)}")
    print("Stop the server with: make team-demo-stop")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
