"""The card's QR code is made by app.pdf.qr_code, module for module as segno makes it (level M,
mask 0, no boosted level) for every text it takes, and by segno for the others."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import segno

from app.pdf.qr import qr_modules
from app.pdf.qr_code import qr_rows


def segnos(value: str) -> tuple[bytearray, ...]:
    return tuple(segno.make_qr(value, error="m", mask=0, boost_error=False).matrix)


def test_every_phone_number_is_segnos_code():
    picks = random.Random(14)
    numbers = ["tel:+1", "tel:+48600123456", "tel:+441234567890", "tel:+" + "9" * 15,
               "tel:+" + "1" * 20]
    numbers += [f"tel:+{picks.randrange(10 ** picks.randint(1, 15))}" for _ in range(400)]
    for value in numbers:
        assert qr_rows(value) == segnos(value), value


@pytest.mark.parametrize("length", range(1, 111))
def test_texts_of_every_length_are_segnos_code_up_to_version_6(length):
    """Lengths 1-106 fill versions 1 to 6, each up to its last byte; longer ones are left to
    segno."""
    picks = random.Random(length)
    for _ in range(4):
        value = "t" + "".join(picks.choice("0123456789+-(). #*;=,abcxyzXYZ:")
                              for _ in range(length - 1))
        rows = qr_rows(value)
        if length > 106:
            assert rows is None
        else:
            assert rows is not None and len(rows) <= 17 + 4 * 6
            assert rows == segnos(value), value


@pytest.mark.parametrize("value", ["48600123456", "TEL:+48600123456", "tel:+48 600 Żółć",
                                   "tel:" + "1" * 103, "x" * 107])
def test_what_it_does_not_make_is_segnos(value):
    """Another mode (numeric, alphanumeric), text that is not ASCII, or a text too long for
    version 6: segno's code, from segno."""
    assert qr_rows(value) is None
    reference = segnos(value)
    assert qr_modules(value) == tuple(tuple(bool(m) for m in row) for row in reference)


def test_printing_a_card_does_not_import_segno():
    """segno imports urllib, http and email (its SVG writer): only a code app.pdf.qr_code
    does not make imports it."""
    code = ("import io, sys\n"
            "from app.pdf.qr import _QrCode\n"
            "from reportlab.pdfgen.canvas import Canvas\n"
            "flowable = _QrCode('tel:+48600123456', 64)\n"
            "flowable.wrapOn(canvas := Canvas(io.BytesIO()), 64, 64)\n"
            "flowable.drawOn(canvas, 0, 0)\n"
            "assert 'segno' not in sys.modules, 'segno imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
