"""The text encoding of a file from outside, found rather than asked for: a BOM, BOM-less
UTF-16 (every other byte 0), strict UTF-8, else charset-normalizer's guess checked against the
usual Windows code pages. Any bytes decode to text that can be kept and shown."""

from __future__ import annotations

import codecs

from app.errors import InvalidInput
from app.i18n import _
from app.safe_text import one_line, valid_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def guess_encoding(data: bytes) -> tuple[str, int]:
    """The encoding and the BOM's length: BOM, then BOM-less UTF-16 (every other byte 0),
    then strict UTF-8, then charset-normalizer's best guess, else Windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:4096]
    half = len(head) // 2
    if half >= 2:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le", 0
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be", 0
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    head = data[:256 * 1024]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        guess = best.encoding if best is not None and best.encoding else ""
    except Exception:  # a detector's own bug must not stop the import
        guess = ""
    # a short file fools the detector (Polish read as cp1252, French as cp857): the
    # guess is checked against the usual Windows code pages by how many odd signs
    # stand inside words, the guess winning a tie
    # on a tie Windows-1252 first (a short "Lefèvre" reads as Czech "Lefčvre" too), then
    # the detector's guess
    candidates = ["cp1252"] + ([guess] if guess else [])
    candidates += [c for c in _USUAL_CODEPAGES if c not in candidates]
    scored = []
    for order, name in enumerate(candidates):
        try:
            text = head.decode(name)  # a code page that cannot read it is no candidate
            head_text = text[:32 * 1024]
            scored.append((_oddness(head_text), _misfit(head_text), _capitals(head_text),
                           order, codecs.lookup(name).name))
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    return (min(scored)[-1] if scored else "cp1252"), 0


_USUAL_CODEPAGES = ("cp1252", "cp1250", "cp1251", "koi8_r", "iso8859_2", "cp1257")


# the letters beyond ASCII of the languages whose files come in legacy code pages: a right
# reading uses the letters of one language, a wrong one mixes (Lefčvre, Muńoz, Dvoøák)
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "äöüß",  # German
    "àèéìíîòóù",  # Italian
    "áâãàçéêíóôõú",  # Portuguese
    "åäöæøé",  # Nordic
    "ëïéèöü",  # Dutch
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Slovenian
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґўђјљњћџѓќѕ",  # Cyrillic
)


def _misfit(text: str) -> int:
    """How many of the text's letters beyond ASCII no single language uses together."""
    letters = {ch for ch in text.lower() if not ch.isascii() and ch.isalpha()}
    if not letters:
        return 0
    return min(len(letters.difference(alphabet)) for alphabet in _ALPHABETS)


def _capitals(text: str) -> bool:
    """Whether most letters beyond ASCII are capitals: text is mostly small letters, so a
    reading that makes them capitals (KOI8-R as Windows-1251: "РЕФТПЧ") is likely wrong."""
    upper = sum(1 for ch in text if ch.isupper() and not ch.isascii())
    lower = sum(1 for ch in text if ch.islower() and not ch.isascii())
    return upper > lower


def _oddness(text: str) -> int:
    """Signs that are no letter but stand next to one (£ukasz, premi×re), controls, and a
    capital after a small letter beyond ASCII: how wrong a reading of a legacy file looks."""
    odd = 0
    for i, ch in enumerate(text):
        if ch.isupper() and i and text[i - 1].islower() and not (ch + text[i - 1]).isascii():
            odd += 1  # KOI8-R read as Windows-1251: "йЧБО" for "Иван"
        if ch.isalnum() or ch.isspace() or (ch.isascii() and ch.isprintable()):
            continue
        if not ch.isprintable() or (i and text[i - 1].isalpha()) or (
                i + 1 < len(text) and text[i + 1].isalpha()):
            odd += 1
    return odd

def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of the bytes and the encoding it was read with (guessed unless given).
    Undecodable bytes become U+FFFD and NULs are dropped."""
    skip = 0
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except (LookupError, ValueError):
            raise InvalidInput(_("Unknown text encoding: {name}").format(
                name=one_line(str(encoding))[:40])) from None
    else:
        name, skip = guess_encoding(data)
    try:
        text = data[skip:].decode(name, errors="replace")
    except (LookupError, UnicodeError, TypeError, ValueError):
        raise InvalidInput(_("The file cannot be read as {name}.").format(name=name)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not name.startswith(("utf-8", "utf-16", "utf-32")):  # utf-7 and escapes can
        text = valid_text(text)  # decode to lone surrogates
    return text.replace("\x00", ""), name
