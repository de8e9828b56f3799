"""The Unicode font family every PDF is set in (DejaVu Sans, shipped inside the package in
app/pdf/fonts/ with its licence, so a wheel or a frozen build prints as a checkout does).

The base-14 PDF fonts cover Latin-1 only, so Łukasz, Иван or a euro amount would print as
black boxes; a TrueType font registered with reportlab is embedded as a subset of the glyphs
used, which also keeps the text searchable and copyable.

reportlab reads a font's metrics and character map from the file glyph by glyph, in Python:
100 ms of every process that prints. What it reads is kept in the user's cache folder (plain
values, by marshal, named after the file, its size and time, reportlab's and Python's
versions) and read back in a few milliseconds; when the cache cannot be read or written the
file is parsed as before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import tempfile
import threading
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

FONT_DIR = Path(str(resources.files("app.pdf").joinpath("fonts")))
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf",
          ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the family with reportlab once per process (parsing the files takes ~60 ms;
    a batch printed from a worker thread may race the first card, hence the lock)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(load_font(name, FONT_DIR / filename))
        # <b> and <i> in paragraphs pick the right face; there is no bold oblique: bold it is
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes
_NOT_KEPT = ("_ttf_data", "_pdfScale", "filename")  # the file's bytes, a function, its path


def _cache_file(path: Path) -> Path:
    from platformdirs import user_cache_path  # loaded when needed: a tool's start counts

    stat = path.stat()
    version = f"rl{reportlab.Version}-py{sys.version_info[0]}.{sys.version_info[1]}"
    return (user_cache_path("Ringbinder", appauthor=False) / "fonts" /
            f"{path.name}-{stat.st_size}-{stat.st_mtime_ns}-{version}.marshal")


def _face_values(face: TTFontFace) -> dict[str, Any]:
    """What reportlab read from the file, as plain values marshal writes."""
    values = {k: v for k, v in face.__dict__.items() if k not in _NOT_KEPT}
    for key in _NAMES:
        values[key] = values[key].ustr
    return values


def _face_from(values: dict[str, Any], path: Path) -> TTFontFace:
    """The face reportlab would have read from `path`, from its kept values."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(values)
    for key in _NAMES:
        face.__dict__[key] = TTFNameBytes(values[key].encode("utf8"))
    face.__dict__["_ttf_data"] = path.read_bytes()  # subsets are cut from it when saving
    face.__dict__["filename"] = str(path)
    scale = 1000 / values["unitsPerEm"]
    face.__dict__["_pdfScale"] = ((lambda x: x) if values["unitsPerEm"] == 1000 else
                                  (lambda x: x * scale))
    return face


def load_font(name: str, path: Path) -> TTFont:
    """TTFont(name, path), its face read from the cache when it was kept, else parsed (and
    kept for the next process)."""
    cache: Path | None = None
    try:
        cache = _cache_file(path)
        face = _face_from(marshal.loads(cache.read_bytes()), path)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        parsed = TTFont(name, str(path))
        if cache is not None:
            with contextlib.suppress(OSError, ValueError):
                _keep(cache, _face_values(parsed.face))
        return parsed
    font: Any = TTFont.__new__(TTFont)  # as TTFont.__init__ makes it, with the face given
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob or ())
    return font


def _keep(cache: Path, values: dict[str, Any]) -> None:
    """Write the values beside, then in place of, the cache file (another process reads a
    whole file or none)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=cache.parent, prefix=".font-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            marshal.dump(values, stream)
        os.replace(temp, cache)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
