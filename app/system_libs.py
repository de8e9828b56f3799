"""Whether this machine has the system libraries Qt needs to open a window, and which Debian
packages bring the missing ones: on a minimal desktop Qt's X11 plugin would otherwise stop
the app with a bare "Aborted".

    python -m app.system_libs [--install]

prints what is missing (exit 1) or nothing (exit 0); with --install it installs the packages
with apt-get when it runs as root, or through sudo when that needs no password, and else
prints the one command to run. Imports no Qt (it runs before Qt could fail).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

# loaded by Qt at run time (dlopen), so ldd does not list them
DLOPENED = ("libxcb-cursor.so.0",)
_NOT_FOUND = re.compile(r"^\s*(\S+) => not found", re.M)
_SONAME = re.compile(r"^(lib[\w+.-]*?)\.so\.(\d+)")


def qt_folder() -> Path | None:
    spec = find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "Qt"


def _ldd_missing(library: Path) -> set[str]:
    try:
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return set(_NOT_FOUND.findall(out))


def _known_to_loader(soname: str) -> bool:
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, timeout=30,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: do not claim it is missing
    return f"{soname} " in out


def missing_libraries(qt: Path | None = None) -> list[str]:
    """The shared libraries (sonames) Qt's X11 platform plugin cannot find here."""
    qt = qt or qt_folder()
    if qt is None or not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    missing: set[str] = set()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    for library in (plugin, *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]):
        if library.exists():
            missing |= _ldd_missing(library)
    missing |= {name for name in DLOPENED if not _known_to_loader(name)}
    return sorted(missing)


def refusal_if_missing() -> str | None:
    """The message to start with instead of Qt's "Aborted" when a library is missing, or None.
    A machine found complete is remembered (per Qt folder), so a start pays the check once."""
    from platformdirs import user_cache_path

    qt = qt_folder()
    if qt is None:
        return None
    stamp = user_cache_path("Ringbinder", appauthor=False) / "qt-libraries-ok"
    try:
        if stamp.read_text(encoding="utf-8") == str(qt):
            return None
    except OSError:
        pass
    missing = missing_libraries(qt)
    if not missing:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(str(qt), encoding="utf-8")
        except OSError:
            pass
        return None
    packages = sorted({debian_package(m) for m in missing})
    return (f"Qt cannot open a window: this machine lacks {', '.join(missing)}. Install them "
            f"with: sudo {' '.join(install_command(packages))}")


def debian_package(soname: str) -> str:
    """The Debian package of a library by Debian's naming rule: libxcb-icccm.so.4 ->
    libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0, libEGL.so.1 -> libegl1."""
    match = _SONAME.match(soname)
    if match is None:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def install_command(packages: list[str]) -> list[str]:
    return ["apt-get", "install", "-y", "--no-install-recommends", *packages]


def _can_sudo() -> bool:
    if shutil.which("sudo") is None:
        return False
    return subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False,
                          timeout=30).returncode == 0


def apt_install(command: list[str]) -> bool:
    """Run an `install_command` with apt-get (after an update) when this process may: as
    root, or with password-less sudo. Whether both ran and succeeded."""
    if not shutil.which("apt-get"):
        return False
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"] if _can_sudo() else None
    if prefix is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env, check=False)
    return update.returncode == 0 and subprocess.run(
        [*prefix, *command], env=env, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.system_libs")
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args(argv)
    missing = missing_libraries()
    if not missing:
        return 0
    packages = sorted({debian_package(m) for m in missing})
    command = install_command(packages)
    sys.stderr.write("Qt needs system libraries this machine lacks: " + ", ".join(missing)
                     + "\n")
    if args.install and apt_install(command) and not missing_libraries():
        return 0
    sys.stderr.write("Install them with:\n    sudo " + " ".join(command) + "\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
