"""Reading printed PDFs back: pages, text, fonts and type sizes, as a reader's tools see them."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
_TF = re.compile(rb"/\S+\s+(\d+(?:\.\d+)?)\s+Tf")


def read(path: Path) -> PdfReader:
    return PdfReader(str(path))


def page_text(reader: PdfReader, index: int) -> str:
    return reader.pages[index].extract_text()


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(BaseFont, embedded as a TrueType file) for every font of every page."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found.append((str(font["/BaseFont"]), embedded))
    return found


def type_sizes(reader: PdfReader) -> set[float]:
    """Every font size the pages set (the Tf operator of the content streams)."""
    sizes = set()
    for page in reader.pages:
        sizes |= {float(m) for m in _TF.findall(page.get_contents().get_data())}
    return sizes


def leftovers(folder: Path) -> list[str]:
    """Temporary files a print may have left behind (there should be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))
