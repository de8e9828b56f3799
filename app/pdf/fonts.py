"""The Unicode font family every PDF is set in (DejaVu Sans, shipped inside the package in
app/pdf/fonts/ with its licence, so a wheel or a frozen build prints as a checkout does).

The base-14 PDF fonts cover Latin-1 only, so Łukasz, Иван or a euro amount would print as
black boxes; a TrueType font registered with reportlab is embedded as a subset of the glyphs
used, which also keeps the text searchable and copyable.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        # <b> and <i> in paragraphs pick the right face; there is no bold oblique: bold it is
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True
