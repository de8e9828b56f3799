"""The fonts' metrics kept between processes: read back, a font is the one reportlab parses."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from app.pdf import fonts
from app.pdf.fonts import BOLD, FONT_DIR, load_font


@pytest.fixture
def cache(tmp_path, monkeypatch):
    target = tmp_path / "fonts" / "bold.marshal"
    monkeypatch.setattr(fonts, "_cache_file", lambda path: target)
    return target


def _same(ours: TTFont, theirs: TTFont) -> None:
    assert ours.fontName == theirs.fontName
    assert fonts._face_values(ours.face) == fonts._face_values(theirs.face)
    assert ours.face.name == theirs.face.name and ours.face.name.ustr == theirs.face.name.ustr
    assert ours.face._ttf_data == theirs.face._ttf_data
    assert ours.face._pdfScale(517) == theirs.face._pdfScale(517)
    assert (ours._asciiReadable, ours.shapable) == (theirs._asciiReadable, theirs.shapable)
    text = "Łukasz Żółć · Иван 12,500.00 €"
    assert ours.stringWidth(text, 9.5) == theirs.stringWidth(text, 9.5)


def test_a_font_read_back_from_the_cache_is_the_font_reportlab_parses(cache):
    path = FONT_DIR / fonts._FILES[BOLD]
    parsed = TTFont(BOLD, str(path))
    first = load_font(BOLD, path)  # parsed, then kept
    assert cache.exists()
    again = load_font(BOLD, path)  # read back
    _same(first, parsed)
    _same(again, parsed)


def test_an_unreadable_cache_is_parsed_again(cache):
    path = FONT_DIR / fonts._FILES[BOLD]
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not marshal data")
    _same(load_font(BOLD, path), TTFont(BOLD, str(path)))
    _same(load_font(BOLD, path), TTFont(BOLD, str(path)))  # written over with good values
