"""Alt+letters given out by the window rather than by translators, for the parts of the card
(its tabs and field labels): the menus own their letters, and a fixed "&" in a translated
label would sooner or later take one of them (Alt+D opening the card's Details, not the
Dossier menu).  A letter is taken from a word's start first, then from inside a word; a
label with no free letter gets none."""

from __future__ import annotations

from collections.abc import Iterable


def letter_of(text: str) -> str:
    """The letter a text's single "&" marks, upper case ("" for none; "&&" is a plain &)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].upper() if 0 <= at < len(plain) - 1 else ""


def mark(text: str, letter: str) -> str:
    """The text with its first `letter` (any case) marked; the text's own "&" doubled."""
    text = text.replace("&", "&&")
    if not letter:
        return text
    at = next((i for i, ch in enumerate(text) if ch.upper() == letter), -1)
    return text if at < 0 else text[:at] + "&" + text[at:]


def _candidates(text: str) -> list[str]:
    """The letters of a text in the order they are tried: each word's first, then the rest."""
    starts = [ch for n, ch in enumerate(text) if ch.isalpha() and (n == 0 or not
                                                                  text[n - 1].isalpha())]
    inside = [ch for ch in text if ch.isalpha()]
    return [ch.upper() for ch in starts + inside]


def give_letters(texts: Iterable[str], taken: Iterable[str]) -> list[str]:
    """One free letter for each text, in order (the first texts get the best ones)."""
    used = {t.upper() for t in taken if t}
    letters = []
    for text in texts:
        letter = next((ch for ch in _candidates(text) if ch not in used), "")
        used.add(letter)
        letters.append(letter)
    return letters
