"""A machine without Qt's X11 libraries gets the one command that installs them, not Qt's
bare "Aborted"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import system_libs


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
])
def test_a_library_is_named_by_its_debian_package(soname, package):
    assert system_libs.debian_package(soname) == package


@pytest.mark.skipif(shutil.which("ldd") is None, reason="no ldd")
def test_a_plugin_missing_libraries_is_refused_with_the_install_command(tmp_path, monkeypatch):
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    (qt / "plugins" / "platforms" / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(system_libs, "qt_folder", lambda: qt)
    monkeypatch.setattr(system_libs, "_ldd_missing",
                        lambda library: {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    message = system_libs.refusal_if_missing()
    assert message is not None and "\n" not in message
    assert message.endswith("sudo apt-get install -y --no-install-recommends libxcb-icccm4 "
                            "libxcb-keysyms1")


def test_a_complete_machine_is_checked_once(tmp_path, monkeypatch):
    qt = tmp_path / "Qt"
    qt.mkdir()
    calls: list[Path] = []
    monkeypatch.setattr(system_libs, "qt_folder", lambda: qt)
    monkeypatch.setattr(system_libs, "missing_libraries", lambda q=None: calls.append(q) or [])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert system_libs.refusal_if_missing() is None
    assert system_libs.refusal_if_missing() is None
    assert len(calls) == 1
