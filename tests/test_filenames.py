"""Document names from outside are names, never paths: whatever a handover file or a drop
gives, the name a document is kept and opened under stays inside the folder it is put in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.filenames import safe_document_name

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
            *(f"LPT{i}" for i in range(10))}


@pytest.mark.parametrize(("given_name", "kept"), [
    ("../../../.config/autostart/evil.desktop", "evil.desktop"),
    ("..\\..\\evil.bat", "evil.bat"),
    ("C:\\Users\\ana\\Start Menu\\evil.bat", "evil.bat"),
    ("C:evil.bat", "C_evil.bat"),  # a drive-relative path on Windows
    ("a\x00b.pdf", "ab.pdf"),
    ("oferta\n2026.pdf", "oferta2026.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),  # no right-to-left override to hide .exe
    ("..", "document"), (".", "document"), ("", "document"), ("../..", "document"),
    ("con", "_con"), ("CON.txt", "_CON.txt"), ("Lpt1.tar.gz", "_Lpt1.tar.gz"),
    ("nul .pdf", "_nul.pdf"), ("COM9", "_COM9"), ("console.txt", "console.txt"),
    ("report. . ", "report"), ("  presupuesto 117.pdf  ", "presupuesto 117.pdf"),
    ("\ud800.pdf", "\ufffd.pdf"),  # a lone surrogate, e.g. an undecodable byte
    ("umowa Łódź — ключ.odt", "umowa Łódź — ключ.odt"),  # ordinary names are left alone
    ("folder/", "folder"), (".bashrc", ".bashrc"),
])
def test_a_name_from_outside_becomes_a_safe_base_name(given_name, kept):
    assert safe_document_name(given_name) == kept


def test_a_long_name_is_cut_to_200_characters_and_bytes_keeping_its_extension():
    assert safe_document_name("x" * 251 + ".pdf") == "x" * 196 + ".pdf"
    cut = safe_document_name("ż" * 255 + ".docx")  # two bytes a letter
    assert cut.endswith(".docx") and len(cut.encode()) <= 200 and cut == "ż" * 97 + ".docx"
    assert len(safe_document_name("y" * 255)) == 200
    assert len(safe_document_name("x" * 255 + ".part")) + len(".part") <= 255
    # cut short, a name must not turn reserved either
    assert safe_document_name("CON" + " " * 300 + "x.pdf") == "_CON.pdf"
    assert len(safe_document_name("CON." + "a" * 300 + ".pdf")) == 200


names = st.text(st.characters(codec=None), max_size=400) | st.lists(
    st.sampled_from(["/", "\\", ".", " ", "\x00", "\ud800", "CON", "lpt3", "a", ":", "é"]),
    max_size=80).map("".join)


@given(names)
def test_no_name_leads_out_of_its_folder(name):
    safe = safe_document_name(name)
    assert safe and safe not in (".", "..")
    assert not any(c in safe for c in "/\\:\x00")
    assert not any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in safe)
    assert safe.split(".", 1)[0].rstrip(" ").upper() not in RESERVED
    assert not safe.endswith((".", " "))
    assert len(safe) <= 200 and len(safe.encode("utf-8")) <= 200
    assert safe_document_name(safe) == safe  # a safe name is kept as it is


@given(st.text(max_size=300), st.sampled_from([".pdf", ".docx", ".odt", ".jpeg", ".txt"]))
def test_a_short_extension_is_kept(stem, extension):
    assert safe_document_name(stem + extension).endswith(extension)
