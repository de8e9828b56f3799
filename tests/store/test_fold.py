"""Folding for search: accent- and case-blind, the same whether or not the text is ASCII."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.store.fold import _SPECIAL, fold


def _slow(text: str) -> str:
    """The full path every text took before the fast paths."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@given(st.text(alphabet=string.printable))
def test_ascii_text_folds_as_the_full_path_folds_it(text):
    assert fold(text) == _slow(text)


@given(st.text())
def test_any_text_folds_as_the_full_path_folds_it(text):
    """The fast paths (ASCII, no special letters, marks stripped by one regex) change the
    speed only: Polish, Russian, Hebrew points, astral characters alike."""
    assert fold(text) == _slow(text)


def test_decomposed_input_and_marks_of_other_scripts_fold_alike():
    for text in ("Józef", "Jo\u0301zef", "שָׁלוֹם", "नमस्ते", "Ха\u0308ос 𝔸\u0301"):
        assert fold(text) == _slow(text)


def test_names_fold_accent_and_case_blind():
    assert fold("Łukasz Żółć") == "lukasz zolc"
    assert fold("Ёлкин") == "елкин"
    assert fold("José PEÑA") == "jose pena"
    assert fold("Straße") == "strasse"
