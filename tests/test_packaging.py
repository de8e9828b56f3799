"""The packaging files agree with the package and with each other (nothing is built here):
the PyInstaller spec bundles every resource folder the package ships, the desktop entry,
the AppStream metadata and the icons name the same application, and the validators (where
installed) accept them."""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "ringbinder.spec"
APP_ID = "io.github.ringbinder.Ringbinder"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def package_data_folders() -> set[str]:
    """Every folder of [tool.setuptools.package-data], as a path inside the bundle
    ("app/pdf/fonts", "app/locale")."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    folders = set()
    for package, patterns in pyproject["tool"]["setuptools"]["package-data"].items():
        for pattern in patterns:
            first = pattern.split("/")[0]
            if "*" in first:  # a file of the package's own folder: no folder to bundle
                continue
            folders.add("/".join([*package.split("."), first]))
    return folders


def spec_destinations() -> set[str]:
    """The destinations of the spec's datas: the second string of each (source, dest)
    tuple, f-strings cut at their first placeholder."""
    tree = ast.parse(SPEC.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            dest = node.elts[1]
            if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
                found.add(dest.value)
            elif isinstance(dest, ast.JoinedStr) and dest.values and isinstance(
                    dest.values[0], ast.Constant):
                found.add(str(dest.values[0].value))
    return {d.rstrip("/") for d in found if d.startswith("app/")}


def test_the_spec_bundles_every_resource_folder_of_the_package():
    folders = package_data_folders()
    assert {"app/store/migrations", "app/pdf/fonts", "app/interchange/data",
            "app/locale"} <= folders
    bundled = spec_destinations()
    missing = {f for f in folders if not any(d == f or d.startswith(f + "/") for d in bundled)}
    assert not missing, f"resource folders the spec does not bundle: {sorted(missing)}"


def test_every_package_data_folder_exists():
    for folder in package_data_folders():
        assert (ROOT / folder).is_dir(), folder


def test_the_spec_runs_the_cli_and_leaves_heavy_qt_out():
    text = SPEC.read_text()
    assert '"__main__.py"' in text  # app/__main__.py: app.cli_early:main, as the ringbinder script
    for module in ("QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "QtNetwork"):
        assert f'"{module}"' in text
    for plugin in ("qxcb", "qoffscreen", "qwayland"):
        assert f'"{plugin}"' in text


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_and_the_metainfo_name_the_same_application():
    entry = desktop_entry()
    root = ET.parse(METAINFO).getroot()
    app_id = root.findtext("id")
    assert app_id == APP_ID
    assert root.find("launchable").text == DESKTOP.name == f"{app_id}.desktop"
    assert entry["Icon"] == app_id
    binary = root.find("provides/binary").text
    assert entry["Exec"].split()[0] == binary == "ringbinder"
    assert root.find("releases/release").get("version") == tomllib.loads(
        (ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert root.findtext("project_license") == "MIT"


def test_there_is_an_icon_for_each_size():
    from PySide6.QtGui import QImage

    assert (PACKAGING / "icons" / "ringbinder.svg").is_file()
    for size in ICON_SIZES:
        png = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), png
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png
    window_icon = ROOT / "app" / "ui" / "icons" / "ringbinder.png"
    assert QImage(str(window_icon)).width() == 256


def run_validator(*command: str) -> None:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_file_validate_accepts_the_desktop_entry():
    run_validator("desktop-file-validate", str(DESKTOP))


def test_appstreamcli_accepts_the_metainfo():
    run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
