"""Check the frozen build the way a user meets it: dist/Ringbinder/ringbinder run outside
the source tree, with nothing of the developer's around it (no venv, no Python on PATH, no
PYTHONPATH, HOME a fresh temporary folder).  `make package` runs it last; any failed check
fails the target.

    .venv/bin/python packaging/check_frozen.py [dist/Ringbinder]

Needs pypdf (the test extras) to read the printed card back.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600
failures: list[str] = []


def check(ok: bool, what: str, detail: str = "") -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""))
    if not ok:
        failures.append(what)
    return ok


def version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


class Frozen:
    """The frozen binary in a clean environment of its own: a temporary HOME (so the binder
    is made there), a PATH of one empty folder, the working directory outside the tree."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.binary = folder / "ringbinder"
        self.home = home
        (home / "empty-bin").mkdir(parents=True, exist_ok=True)

    def run(self, *args: str, lang: str = "en_US.UTF-8", **extra: str) \
            -> subprocess.CompletedProcess[str]:
        env = {"HOME": str(self.home), "PATH": str(self.home / "empty-bin"), "LANG": lang,
               "TMPDIR": str(self.home), **extra}
        return subprocess.run([str(self.binary), *args], cwd=self.home, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0
    return struct.unpack(">II", head[16:24])


def fonts_of(reader: object) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:  # type: ignore[attr-defined]
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            names.add(str(font.get("/BaseFont", "")))
            for descendant in font.get("/DescendantFonts") or []:
                names.add(str(descendant.get_object().get("/BaseFont", "")))
    return names


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "Ringbinder").resolve()
    if target.name.endswith(".tar.gz"):  # the tarball, unpacked where the source is not
        with tempfile.TemporaryDirectory(prefix="ringbinder-unpacked-") as unpacked:
            with tarfile.open(target) as tar:
                tar.extractall(unpacked, filter="tar")
            print(f"unpacked {target.name} into {unpacked}")
            return check_folder(Path(unpacked) / "Ringbinder")
    return check_folder(target)


def check_folder(folder: Path) -> int:
    if not check((folder / "ringbinder").is_file(), "the frozen binary exists",
                 str(folder / "ringbinder")):
        return 1
    internal = folder / "_internal"
    check(any(internal.glob("libpython3*.so*")), "Python's library is inside the folder")
    for resource in ("app/locale/pl/LC_MESSAGES/ringbinder.mo",
                     "app/locale/es/LC_MESSAGES/ringbinder.mo",
                     "app/locale/ru/LC_MESSAGES/ringbinder.mo",
                     "app/pdf/fonts/DejaVuSans.ttf", "app/pdf/fonts/LICENSE-DejaVu.txt",
                     "app/interchange/data/csv_headers.json", "app/store/migrations/env.py",
                     "app/ui/icons/ringbinder.png"):
        check((internal / resource).is_file(), f"bundled {resource}")
    check(any((internal / "app/store/migrations/versions").glob("0001_*.py")),
          "bundled the Alembic migration scripts")
    app_id = "io.github.ringbinder.Ringbinder"
    for shared in (f"share/applications/{app_id}.desktop", f"share/metainfo/{app_id}.metainfo.xml",
                   f"share/icons/hicolor/256x256/apps/{app_id}.png"):
        check((folder / shared).is_file(), f"the desktop integration: {shared}")

    with tempfile.TemporaryDirectory(prefix="ringbinder-frozen-") as tmp:
        # first run: the window opens the demo binder, made in the fresh HOME
        first = Frozen(folder, Path(tmp) / "first-run")
        shot = first.home / "shot.png"
        done = first.run("gui", "--screenshot", str(shot), QT_QPA_PLATFORM="offscreen")
        check(done.returncode == 0, "gui --screenshot runs (QT_QPA_PLATFORM=offscreen)",
              done.stderr.strip()[-400:] if done.returncode else "")
        width, height = png_size(shot) if shot.is_file() else (0, 0)
        check((width, height) == (1366, 768), "the screenshot is a 1366x768 PNG",
              f"{shot} {width}x{height}, {shot.stat().st_size if shot.is_file() else 0} bytes")
        check(shot.is_file() and shot.stat().st_size > 20_000,
              "the screenshot shows a window (not a blank image)")
        if shot.is_file():  # kept to be looked at: the window a first run shows
            kept = ROOT / "dist" / "check_frozen-first-run.png"
            kept.parent.mkdir(exist_ok=True)
            shutil.copyfile(shot, kept)
            print(f"     (kept as {kept.relative_to(ROOT)})")
        demo = list(first.home.rglob("demo.rbinder"))
        check(len(demo) == 1, "the first run made the demo binder under HOME",
              ", ".join(str(p) for p in demo))

        app = Frozen(folder, Path(tmp) / "home")
        done = app.run("--version")
        check(done.returncode == 0 and done.stdout.strip() == f"ringbinder {version()}",
              "--version", done.stdout.strip() or done.stderr.strip())

        done = app.run("demo", "--clients", "50")
        check(done.returncode == 0 and "50" in done.stdout, "demo --clients 50",
              (done.stdout or done.stderr).strip())
        check(any(app.home.rglob("*.rbinder")), "the binder is made under HOME")

        done = app.run("tabs", lang="pl_PL.UTF-8")
        check(done.returncode == 0 and "Zaległe" in done.stdout,
              "tabs under LANG=pl_PL.UTF-8 speaks Polish", done.stdout.splitlines()[0]
              if done.stdout else done.stderr.strip())
        done = app.run("--help", lang="pl_PL.UTF-8")
        check(done.returncode == 0 and "użycie" in done.stdout.lower(),
              "--help under LANG=pl_PL.UTF-8 speaks Polish",
              done.stdout.splitlines()[0] if done.stdout else done.stderr.strip())

        done = app.run("list", "overdue", "--json")
        dossiers = json.loads(done.stdout) if done.returncode == 0 else []
        if not check(bool(dossiers), "list overdue --json finds dossiers", done.stderr.strip()):
            return finish()
        dossier = dossiers[0]
        card = app.home / "card.pdf"
        done = app.run("print", "card", dossier["id"], "-o", str(card))
        check(done.returncode == 0 and card.is_file(), "print card ID -o card.pdf",
              done.stderr.strip())
        if card.is_file():
            from pypdf import PdfReader

            reader = PdfReader(card)
            text = "".join(page.extract_text() for page in reader.pages)
            check(len(reader.pages) == 1, "the card is one page", f"{len(reader.pages)} pages")
            check(dossier["name"] in " ".join(text.split()),
                  "the card's text holds the client's name",
                  dossier["name"])
            fonts = fonts_of(reader)
            check(any("DejaVuSans" in name for name in fonts),
                  "the card embeds DejaVu Sans", ", ".join(sorted(fonts)))
    return finish()


def finish() -> int:
    if failures:
        print(f"check_frozen: {len(failures)} check(s) failed: {'; '.join(failures)}")
        return 1
    print("check_frozen: the frozen build works")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
