"""The quick text flowables of the printed pages: plain() and para() lay text out exactly as
reportlab's Paragraph does, at a fraction of its cost for what a card mostly holds.

Three of four texts on a card fit on one line. Such a text is a Line: its width is summed
from the fonts' metrics and it is drawn as one text object written straight into the page,
without a Paragraph's fragments, line breaking and saved states. A text that does not fit
becomes a Paragraph after all. The markup the pages make themselves (<b>, <font name/color>,
<br/> and the three escapes) is read here into the fragments reportlab's parser would give,
so no Paragraph of ours needs that parser (a quarter of a card's measuring); anything else
goes to reportlab's parser as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color, toColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

Run = tuple[str, str, Color]  # text, font name, colour
Bit = Literal[0, 1]  # bold, italic

_ALIGNED = (TA_LEFT, TA_RIGHT, TA_CENTER)
_TOKEN = re.compile(r'<(/?)(b|font|br)((?:\s+\w+="[^"<>&]*")*)\s*(/?)>'
                    r"|&(amp|lt|gt);|[^<&]+|[<&]")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}


# reportlab looks for a word to hyphenate inside its opening and closing punctuation, but
# knows only the English quotes: with these too, «Голубев-Тихонов» and „Nowak-Kos” break at
# their hyphen (or get one) instead of being cut anywhere
_OPENING = "'\"([{\xbf\u2018\u201a\u201c\u201e\xab\u2039"
_CLOSING = "]'\")}?!.,;:\u2019\u201b\u201d\u201f\xbb\u203a"
setattr(_rl_paragraph, "_hy_pfx_pat", re.compile(f"^[{_OPENING}]+"))  # noqa: B010
setattr(_rl_paragraph, "_hy_sfx_pat", re.compile(f"[{_CLOSING}]+$"))  # noqa: B010

# the room of the Paragraph being broken into lines, and its style's font and size: what
# hyphenate() weighs a word against (reportlab's hyphenator is asked about the word alone)
_breaking: list[Any] = [0.0, "", 0.0]
_LETTERS_EACH_SIDE = 2
_SHORTEST_HEAD = 0.4  # of the line


def hyphenate(word: str) -> Iterator[tuple[str, str]]:
    """Where a word may be broken at a line's end, the longest head first (reportlab takes
    the first that fits and prints a hyphen after a head that does not end with one): after
    its own hyphens, and, for a word wider than the whole line (which reportlab would
    otherwise cut anywhere, without a hyphen), between any two letters."""
    for at in range(len(word) - 1, 0, -1):
        if word[at - 1] == "-":
            yield word[:at], word[at:]
    room, font, size = _breaking
    measure = getFont(font).stringWidth if font else None
    if measure is not None and measure(word, size) > room:
        # a head too short to be worth it leaves the word to start the next line instead
        for at in range(len(word) - _LETTERS_EACH_SIDE, _LETTERS_EACH_SIDE - 1, -1):
            if measure(word[:at], size) < _SHORTEST_HEAD * room:
                break
            if word[at - 1] != "-" and word[at] != "-":
                yield word[:at], word[at:]


class _Paragraph(Paragraph):
    """A Paragraph that lays its lines out once per width: a table's cell, or a part of the
    card measured before it is placed, is wrapped again at the same width, and breaking the
    lines again gave the same lines. A word broken for its length gets a hyphen
    (hyphenate())."""

    _wrapped: tuple[float, float, float] | None = None  # availWidth, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1], self._wrapped[2]
        _breaking[:] = availWidth, self.style.fontName, self.style.fontSize
        try:
            width, height = super().wrap(availWidth, availHeight)
        finally:
            _breaking[:] = 0.0, "", 0.0  # another Paragraph of the style: hyphens only
        self._wrapped = (availWidth, width, height)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        _breaking[:] = availWidth, self.style.fontName, self.style.fontSize
        try:
            return super().split(availWidth, availHeight)
        finally:
            _breaking[:] = 0.0, "", 0.0


class Line(Flowable):
    """Text in a paragraph style, in runs of its own font and colour, laid out and drawn as a
    Paragraph of it would be — the same lines, places, fonts, colours and alignment — without
    a Paragraph's machinery: one line of any runs, or the lines of text in one font broken
    at spaces. What a Paragraph would break otherwise (a word split at its hyphen or for its
    length, lines of several fonts) becomes the Paragraph (`markup`, `frags`; no markup:
    plain text, escaped then) after all. Made by plain() and para()."""

    def __init__(self, runs: list[Run], style: ParagraphStyle, markup: str | None,
                 frags: list[Any] | None = None) -> None:
        super().__init__()
        self.runs = runs
        self.text = "".join(r[0] for r in runs)
        # as the Paragraph's words (none, then no height): a no-break space joins them
        self.words = self.text.split(" ")
        self.words = [w for w in self.words if w] if "" in self.words else self.words
        self.style, self.markup, self.frags = style, markup, frags
        size = style.fontSize
        self.text_width = sum(getFont(font).stringWidth(t, size) for t, font, _c in runs)
        self._para: _Paragraph | None = None
        self._lines: list[tuple[float, list[Run]]] = []  # (room left, runs) a line
        self._laid_at: float | None = None  # the width laid out at

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_at != availWidth:
            self._lay_out(availWidth)
        if self._para is not None:
            return self._para.wrap(availWidth, availHeight)
        return availWidth, self.height

    def _lay_out(self, availWidth: float) -> None:
        style = self.style
        room = availWidth - style.leftIndent - style.rightIndent - style.firstLineIndent
        self._laid_at, self._para = availWidth, None
        self.width = availWidth
        if self.text_width <= room or not self.words or len(self.text) == 1:
            # one character wider than the room (the agenda's tick box): a Paragraph cannot
            # break it either, and lets it over its one line
            self._lines = [(room - self.text_width, self.runs)] if self.words else []
        else:
            lines = self._broken(room)
            if lines is None:  # one fragment of the style, unless the markup had more
                markup = escape(self.text) if self.markup is None else self.markup  # plain
                self._para = _paragraph(markup, style, self.frags or [
                    _base_frag(style).clone(text=self.text)])
                self._lines = []
            else:
                self._lines = lines
        self.height = style.leading * len(self._lines)

    def _broken(self, room: float) -> list[tuple[float, list[Run]]] | None:
        """The lines reportlab's Paragraph breaks text in one font into (its words added
        while they fit, allowing the spaces between them to shrink a little; runs differing
        only in colour are broken as one), or None where it would do more than that: split a
        word at its hyphen or for its length, or weigh spaces of several fonts."""
        style = self.style
        font_name = self.runs[0][1]
        if (any(r[1] != font_name for r in self.runs) or style.firstLineIndent
                or style.leftIndent or style.rightIndent):
            return None
        font, size = getFont(font_name), style.fontSize
        space = font.stringWidth(" ", size)
        shrink = style.spaceShrinkage * space
        lines: list[tuple[float, int, int]] = []  # room left, where it starts and ends
        count, first, end, at = 0, 0, 0, 0
        width = -space  # the first word has no space before it
        for word in self.words:
            at = self.text.index(word, at)
            word_width = font.stringWidth(word, size)
            wider = width + space + word_width
            if wider > room + shrink * count:
                if "-" in word or word_width > room:
                    return None
                lines.append((room - width, first, end))
                count, first, width = 1, at, word_width
            else:
                count += 1
                width = wider
            at = end = at + len(word)
        lines.append((room - width, first, end))
        return [(extra, self._runs_between(first, end)) for extra, first, end in lines]

    def _runs_between(self, first: int, end: int) -> list[Run]:
        """The runs' text from `first` to `end` of self.text, each in its font and colour."""
        runs, at = [], 0
        for text, font_name, colour in self.runs:
            part = text[max(first - at, 0):max(end - at, 0)]
            if part:
                runs.append((part, font_name, colour))
            at += len(text)
        return runs

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._para is not None:
            return self._para.split(availWidth, availHeight)
        return []

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Drawn in place: lines of text need no saved state and moved origin."""
        if self._para is not None:
            self._para.drawOn(canvas, x, y)  # left-aligned: _sW moves nothing
            return
        self._text_at(canvas, x, y)  # as wide as its frame: no alignment to adjust

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        self._text_at(self.canv, 0, 0)

    def _text_at(self, canvas: Canvas, x: float, y: float) -> None:
        """The lines as one text object in its own graphics state, the operators reportlab's
        text object writes for them, written at once (a third of drawing a card went to
        building text objects and saving states)."""
        if not self._lines:
            return
        style = self.style
        c: Any = canvas  # its document, escaping and content are not in the stubs
        doc = c._doc
        size_tf = _size_tf(style)
        code = ["q BT"]
        colour = None
        left = x + style.leftIndent + style.firstLineIndent
        baseline = y + self.height - style.fontSize
        for extra, runs in self._lines:
            spaces = sum(r[0].count(" ") for r in runs) if extra < -1e-8 else 0
            offset = (0.0 if spaces else extra if style.alignment == TA_RIGHT else
                      0.5 * extra if style.alignment == TA_CENTER else 0.0)
            code.append(f"1 0 0 1 {fp_str(left + offset)} {fp_str(baseline)} Tm")
            if spaces:  # a line let over by shrinking its spaces: drawn with them shrunk
                code.append(f"{fp_str(extra / spaces)} Tw")
            for text, font_name, run_colour in runs:
                if run_colour is not colour:
                    code.append(_fill(run_colour))
                    colour = run_colour
                for name, part in _encoded(font_name, text, doc):
                    code.append(f"{name} {size_tf} ({c._escape(part)}) Tj")
            code.append("0 Tw T*" if spaces else "T*")  # as a Paragraph ends its lines
            baseline -= style.leading
        code.append("ET Q")
        c._code.append(" ".join(code))


_sizes: dict[int, tuple[ParagraphStyle, str]] = {}


def _size_tf(style: ParagraphStyle) -> str:
    """'9.5 Tf 12.4 TL': the size and leading operands of a style, as a text object writes
    them."""
    known = _sizes.get(id(style))
    if known is None:
        known = _sizes[id(style)] = (
            style, f"{fp_str(style.fontSize)} Tf {fp_str(style.leading)} TL")
    return known[1]


class _Codes:
    """What a font's subsets already hold in one document: the characters placed in its
    first subset and their codes, for str.translate."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.table: dict[int, int] = {}
        self.name = ""  # the first subset's font name in the document


_codes: WeakKeyDictionary[Any, dict[str, _Codes]] = WeakKeyDictionary()


def _encoded(font_name: str, text: str, doc: Any) -> list[tuple[str, bytes]]:
    """The text as (subset's font name, its codes) runs, as the font's splitString gives
    them: characters it has already placed in its first subset are translated at once
    instead of looked up one at a time (the most of drawing a line)."""
    font: Any = getFont(font_name)  # a TTFont: its subsets are not in the stubs
    per_font = _codes.get(doc)
    if per_font is None:
        per_font = _codes[doc] = {}
    codes = per_font.get(font_name)
    if codes is None:
        codes = per_font[font_name] = _Codes()
    if codes.known.issuperset(text):
        if not codes.name:
            codes.name = font.getSubsetInternalName(0, doc)
        return [(codes.name, text.translate(codes.table).encode("latin-1"))]
    parts = font.splitString(text, doc)
    assignments = font.state[doc].assignments
    for char in set(text):
        n = assignments.get(ord(char))
        if n is not None and n < 256:
            codes.known.add(char)
            codes.table[ord(char)] = n
    return [(font.getSubsetInternalName(subset, doc), part) for subset, part in parts]


def escape(text: str) -> str:
    """Text as markup: &, < and > escaped (as xml.sax.saxutils.escape, whose import pulls in
    urllib.request, http and email: a tenth of starting `ringbinder print`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_fills: dict[tuple[float, float, float], str] = {}


def _fill(colour: Color) -> str:
    """The fill operator of an RGB colour, as a text object writes it."""
    key = (colour.red, colour.green, colour.blue)
    op = _fills.get(key)
    if op is None:
        op = _fills[key] = f"{fp_str(key)} rg"
    return op


_base: dict[int, tuple[ParagraphStyle, Any]] = {}  # id(style): (style, its plain fragment)


def _base_frag(style: ParagraphStyle) -> Any:
    """The fragment reportlab's parser makes for plain text in this style."""
    known = _base.get(id(style))
    if known is None:
        known = _base[id(style)] = (style, Paragraph("x", style).frags[0])
    return known[1]


def frags_of(markup: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments reportlab's parser gives for markup already cleaned as a Paragraph
    cleans it, when it holds only what our pages write (<b>, <font name= color=>, <br/>,
    &amp; &lt; &gt;); None for anything else, which is left to the parser."""
    base = _base_frag(style)
    # the open tags: (tag, font family, bold, italic, colour)
    stack: list[tuple[str, str, Bit, Bit, Any]] = [("para", *ps2tt(style.fontName),
                                                     base.textColor)]
    frags: list[Any] = []
    for m in _TOKEN.finditer(markup):
        closing, tag, attributes, empty, entity = m.groups()
        tag_name, family, bold, italic, colour = stack[-1]
        if tag:
            if closing:
                if attributes or empty or len(stack) == 1 or stack[-1][0] != tag:
                    return None
                stack.pop()
            elif tag == "br":
                if not empty or attributes:
                    return None
                frags.append(base.clone(__tag__="br", bold=bold, italic=italic,
                                        fontName=tt2ps(family, bold, italic),
                                        textColor=colour, text="", lineBreak=True))
            elif empty:
                return None
            elif tag == "b":
                if attributes:
                    return None
                stack.append(("b", family, 1, italic, colour))
            else:
                for key, value in _ATTRIBUTE.findall(attributes):
                    if key == "name":
                        family, bold, italic = ps2tt(value)
                    elif key == "color":
                        try:
                            colour = toColor(value)
                        except ValueError:
                            return None
                    else:
                        return None
                stack.append(("font", family, bold, italic, colour))
            continue
        text = m.group(0)
        if entity:
            text = _ENTITIES[entity]
        elif text in "<&":
            return None
        frags.append(base.clone(__tag__=tag_name, bold=bold, italic=italic,
                                fontName=tt2ps(family, bold, italic), textColor=colour,
                                text=text))
    return frags if len(stack) == 1 else None


def _paragraph(markup: str, style: ParagraphStyle, frags: list[Any] | None) -> _Paragraph:
    return _Paragraph(markup, style, frags=frags)


def _runs(frags: list[Any]) -> list[Run] | None:
    """The frags as runs of one line, spaced as a Paragraph spaces its words; None when
    they break the line or hold what a Line does not draw."""
    runs: list[Run] = []
    space = True  # a space before the first word is dropped
    for f in frags:
        text = f.text
        if getattr(f, "lineBreak", False) or not _printable(text):
            return None
        if space:
            text = text.lstrip(" ")
        if text:
            runs.append((text, f.fontName, f.textColor))
            space = text.endswith(" ")
    if runs and runs[-1][0].endswith(" "):
        last = runs[-1]
        runs[-1] = (last[0].rstrip(" "), last[1], last[2])
    return runs


def _printable(text: str) -> bool:
    """Ordinary printable text, no-break spaces allowed (they hold an amount together and
    keep the '·' between items off a line's ends): what a Line lays out and draws."""
    return text.isprintable() or text.replace("\xa0", "").isprintable()


def _cleaned(markup: str) -> str:
    """The markup as a Paragraph cleans it (cleanBlockQuotedText): for printable text, whose
    only white space is the space, its words joined by one space."""
    if not _printable(markup):
        return cleanBlockQuotedText(markup)
    return " ".join(w for w in markup.split(" ") if w) if "\xa0" in markup else \
        " ".join(markup.split())


def para(markup: str, style: ParagraphStyle) -> Flowable:
    """Paragraph(markup, style) as laid out and drawn, made cheaply: a Line when it is one
    line of text, else a Paragraph laid out once per width, from our own reading of the
    markup when it is ours."""
    text = _cleaned(markup)
    if "<" in text or "&" in text:
        frags = frags_of(text, style)
        if frags is None:
            return _Paragraph(markup, style)
    elif not text:
        return _Paragraph(markup, style)
    elif _printable(text) and style.alignment in _ALIGNED:
        return Line([(text, style.fontName, style.textColor)], style, text)
    else:
        return _paragraph(text, style, [_base_frag(style).clone(text=text)])
    if style.alignment in _ALIGNED:
        runs = _runs(frags)
        if runs is not None:
            return Line(runs, style, text, frags)
    return _paragraph(text, style, frags)


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """Always a Paragraph (for text that is split across the room left), read as para()
    reads it."""
    text = _cleaned(markup)
    if not text:
        return _Paragraph(markup, style)
    frags = (frags_of(text, style) if "<" in text or "&" in text
             else [_base_frag(style).clone(text=text)])
    return _Paragraph(markup, style) if frags is None else _paragraph(text, style, frags)


def plain(text: str, style: ParagraphStyle) -> Flowable:
    """Plain text (not markup: nothing is escaped or interpreted) as a Line when it is
    ordinary printable text in a left, right or centred style, else as a Paragraph."""
    if _printable(text) and style.alignment in _ALIGNED:
        words = " ".join(w for w in text.split(" ") if w)  # as a Paragraph joins its words
        return Line([(words, style.fontName, style.textColor)] if words else [], style, None)
    return _Paragraph(escape(text), style)
