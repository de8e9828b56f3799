"""Sharing what is left of the card's page among the sections that can give way.

Every flowable is measured with wrap() exactly as the Frame will place it, before anything is
drawn. The offers, forms, notes and history share the room in rounds of importance (see
share()); a section that gets less than it holds is cut from the end and says how much more
is in the binder; the notes that do not fit at body size are set at the smallest readable
size, then clipped at a line with "… N more characters in the binder"; the forms (Groups)
each keep their title and count what they leave out. A section with something to show never
vanishes: the room for its heading and that count line is set aside before anything else
(its floor), so when not one of its rows fits it still says how many the binder holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import overload

from babel.numbers import format_decimal
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from app.i18n import _, current_locale, n_
from app.pdf import style as s
from app.pdf.style import measure

GAP = 14.0  # between sections
BIG = 1e6
ALL = 10**6  # rows: as many as there are
WHOLE = ALL - 1  # the notes' rows: all of them if they print whole in the room left, else
# none more (notes too long for the page anyway give a few lines to the latest events)
EPS = 0.01  # heights are sums of floats: compare with a hair of tolerance
MORE = s.SMALL_ITALIC
# long notes, set as densely as the house rules allow (9 pt, never less) to print whole
DENSE = s.style("notes-dense", s.MIN_SIZE, leading=11.0)
DENSE.allowOrphans = 1  # cut after its first line, if that is all the room there is


class Rows(Sequence[Flowable]):
    """`count` rows made only when first asked for: a section measures its rows from the
    first until the page is full, so the rows of a long history that cannot fit (most of
    them) are never laid out."""

    def __init__(self, count: int, make: Callable[[int], Flowable]) -> None:
        self._made: list[Flowable] = []
        self._count, self._make = count, make

    def __len__(self) -> int:
        return self._count

    def _upto(self, end: int) -> None:
        while len(self._made) < min(end, self._count):
            self._made.append(self._make(len(self._made)))

    @overload
    def __getitem__(self, index: int) -> Flowable: ...
    @overload
    def __getitem__(self, index: slice) -> list[Flowable]: ...

    def __getitem__(self, index: int | slice) -> Flowable | list[Flowable]:
        if isinstance(index, slice):
            wanted = range(*index.indices(self._count))
            self._upto(max(wanted, default=-1) + 1)
            return [self._made[i] for i in wanted]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        self._upto(index + 1)
        return self._made[index]


class Section:
    """A titled list of rows, newest or most important first, cut from the end to fit; a
    last line says how many rows are left in the binder (all of them, under the heading,
    when not one fits)."""

    def __init__(self, title: str, items: Sequence[Flowable], total: int,
                 more: Callable[[int], str], width: float, least: int, soft: int) -> None:
        self.head: list[Flowable] = [s.Gap(1, GAP), s.Heading(title, width), s.Gap(1, 3)]
        self.items, self.total, self.more, self.width = items, total, more, width
        self.least, self.soft = least, soft  # rows it should keep when room is short / ample
        self._heights: list[float] = []
        self._head_h = measure(self.head, width) if items else 0.0
        self._more_h = measure([s.plain("…", MORE)], width) + 2

    def _h(self, index: int) -> float:
        while len(self._heights) <= index:
            self._heights.append(measure([self.items[len(self._heights)]], width=self.width))
        return self._heights[index]

    def _more_line(self, left: int) -> list[Flowable]:
        return [s.Gap(1, 2), s.para(self.more(left), MORE)]

    def floor(self) -> float:
        """The least it can print when it has anything: its heading and the count line."""
        return self._head_h + self._more_h if self.items else 0.0

    def reserve(self, rows: int, cap: float = BIG) -> float:
        """What the section needs to show its first rows (or all, if fewer); measuring
        stops once past `cap`, since more than that cannot be had anyway."""
        if not self.items:
            return 0.0
        shown = min(rows, len(self.items))
        need = self._head_h + (self._more_h if self.total > shown else 0.0)
        for i in range(shown):
            need += self._h(i)
            if need > cap:
                break
        return need

    def fit(self, budget: float) -> tuple[list[Flowable], float]:
        if not self.items:
            return [], 0.0
        used, shown = self._head_h, 0
        for i in range(len(self.items)):
            after = self._more_h if self.total > i + 1 else 0.0
            if used + self._h(i) + after > budget + EPS:
                break
            used += self._h(i)
            shown = i + 1
        left = self.total - shown
        if shown == 0 and budget + EPS < self.floor():
            return [], 0.0  # only if share() had not even its floor to give
        flow = [*self.head, *self.items[:shown]]
        if left:  # when no row fits, the heading stands over the count of them all
            flow += self._more_line(left)
            used += self._more_h
        return flow, used


class Notes(Section):
    """Free notes, the salesperson's own words: whole when they fit, at body size or, long
    ones, at 9 pt; else clipped at a line, then '… N more characters in the binder'."""

    CHARS_PER_LINE = 120  # a generous average of prose at 9 pt across the page
    FEWEST_EM = 0.25  # no text's characters average narrower (DejaVu Sans: 'i' 0.28 em,
    # a space 0.32, prose 0.55): what a line holds at most, to skip measuring what cannot fit

    def __init__(self, notes: str, width: float) -> None:
        self.text = s.tidy(notes)
        super().__init__(_("Notes"), [Paragraph("…", s.BODY)] if self.text else [], 1,
                         self._left, width, 3, 8)
        self.line = DENSE.leading
        self._full: dict[str, float] = {}

    @staticmethod
    def _left(count: int) -> str:
        return n_("… {number} more character in the binder",
                  "… {number} more characters in the binder", count,
                  number=format_decimal(count, locale=current_locale()))

    def floor(self) -> float:
        """Its heading, a first line and the count of the rest."""
        return self._head_h + self.line + self._more_h if self.text else 0.0

    def _most_chars(self, room: float, style: s.ParagraphStyle) -> int:
        """More characters than `room` can hold in this style, however narrow they are."""
        lines = int(max(room, 0.0) / style.leading) + 1
        return int(lines * self.width / (self.FEWEST_EM * style.fontSize)) + 1

    def _too_long(self, room: float, style: s.ParagraphStyle) -> bool:
        """Whether the notes cannot fit `room` in this style, told without laying them out:
        by their length (a 50 KB note is never measured), then by the fewest lines each of
        their lines can wrap to (its width over the most a line can hold)."""
        if len(self.text) > self._most_chars(room, style):
            return True
        # a line holds at most its width, its spaces shrunk (5 %), and a space dropped at its end
        per_line = self.width * (1 + style.spaceShrinkage) + style.fontSize
        lines = sum(math.ceil(stringWidth(" ".join(line.split()), style.fontName,
                                          style.fontSize) / per_line)
                    for line in self.text.split("\n"))  # spaces as a paragraph keeps them
        return lines * style.leading > room + EPS

    def _full_h(self, style: s.ParagraphStyle, room: float) -> float:
        """The whole notes' height in this style; BIG, unmeasured, when they are too long
        for `room` (see _too_long)."""
        if self._too_long(room, style):
            return BIG
        if style.name not in self._full:
            self._full[style.name] = measure([self._paragraph(self.text, style)], self.width)
        return self._full[style.name]

    def _whole(self, room: float) -> tuple[s.ParagraphStyle, float] | None:
        """The style and height of the notes printed whole in `room`: at body size if they
        fit so, else at 9 pt; None if they do not fit either way (asked at 9 pt first: what
        does not fit so does not at body size either, and is not measured twice)."""
        dense = self._full_h(DENSE, room)
        if dense > room + EPS:
            return None
        body = self._full_h(s.BODY, room)
        return (s.BODY, body) if body <= room + EPS else (DENSE, dense)

    def _whole_h(self, room: float) -> float:
        whole = self._whole(room)
        return BIG if whole is None else whole[1]

    def reserve(self, rows: int, cap: float = BIG) -> float:
        """Room for the first lines of the notes (all of them, if shorter); for WHOLE, room
        for all of them if they fit in `cap`, else none."""
        if not self.text:
            return 0.0
        whole = self._whole_h(cap - self._head_h)
        if rows == WHOLE:
            return self._head_h + (whole if whole < BIG else 0.0)
        return self._head_h + min(whole, rows * self.line + self._more_h)

    @staticmethod
    def _paragraph(text: str, style: s.ParagraphStyle) -> Paragraph:
        return s.paragraph(s.markup(text), style)

    def fit(self, budget: float) -> tuple[list[Flowable], float]:
        if not self.text:
            return [], 0.0
        room = budget - self._head_h
        whole = self._whole(room)
        if whole is not None:
            style, height = whole
            return [*self.head, self._paragraph(self.text, style)], self._head_h + height
        room -= self._more_h
        first: Flowable | None = None
        if room + EPS >= self.line:
            # the notes cut at a line: only about what the room holds is laid out (a line's
            # worth of prose per line), or if that all fits, as much as it could ever hold
            lines = int(room / self.line) + 1
            for most in (lines * self.CHARS_PER_LINE, self._most_chars(room, DENSE)):
                cut = self.text[:most]
                parts = self._paragraph(cut, DENSE).split(self.width, room)
                if len(parts) != 1 or len(cut) == len(self.text):
                    break
            if len(parts) == 1 and len(cut) == len(self.text):  # all of it fits after all
                return [*self.head, parts[0]], self._head_h + measure(parts, self.width)
            if parts:
                first = parts[0]
                printed = len(cut) if len(parts) == 1 else _printed(first)
        if first is None:  # not a line: the heading and how much is in the binder
            if budget + EPS < self._head_h + self._more_h:
                return [], 0.0
            return [*self.head, *self._more_line(len(self.text))], self._head_h + self._more_h
        height = measure([first], self.width)
        left = max(len(self.text) - printed, 1)
        return ([*self.head, first, *self._more_line(left)],
                self._head_h + height + self._more_h)


def _printed(part: Flowable) -> int:
    """How many characters of the notes the first part of a split paragraph prints (the
    space or line break after each word of a plain line, or after a line of styled words,
    counted as one)."""
    count = 0
    for line in part.blPara.lines:  # type: ignore[attr-defined]  # a split Paragraph's
        words = line[1] if isinstance(line, tuple) else line.words  # (extra space, words)
        count += sum(len(w) if isinstance(w, str) else len(getattr(w, "text", ""))
                     for w in words)
        count += len(words) if isinstance(line, tuple) and words and isinstance(
            words[0], str) else 1
    return count


class Groups(Section):
    """A titled section of groups (the forms), each its own title line and rows, most
    important first: every group prints, as many of its rows as the room allows (the same
    number for each, then more for the first ones), its title saying how many more it has in
    the binder; a group that cannot have even its title is counted on a last line."""

    def __init__(self, title: str, groups: list[Group], more_groups: Callable[[int], str],
                 width: float, least: int, soft: int) -> None:
        rows = sum(len(g.rows) for g in groups)  # counted, not made: most never print
        super().__init__(title, [s.Gap(1, 1)] if groups else [], rows, more_groups,
                         width, least, soft)
        self.groups = groups
        self._row_h: list[list[float]] = [[] for _ in groups]

    def _rh(self, g: int, i: int) -> float:
        heights = self._row_h[g]
        while len(heights) <= i:
            heights.append(measure([self.groups[g].rows[len(heights)]], self.width))
        return heights[i]

    def _height(self, shown: list[int], cap: float = BIG) -> float:
        need = self._head_h
        for g, rows in enumerate(shown):
            need += self.groups[g].title_h(self.width) + (GROUP_GAP if g else 0.0)
            for i in range(rows):
                need += self._rh(g, i)
                if need > cap:
                    return need
        if len(shown) < len(self.groups):
            need += self._more_h
        return need

    def reserve(self, rows: int, cap: float = BIG) -> float:
        if not self.groups:
            return 0.0
        return self._height([min(rows, len(g.rows)) for g in self.groups], cap)

    def fit(self, budget: float) -> tuple[list[Flowable], float]:
        if not self.groups:
            return [], 0.0
        count = len(self.groups)
        while count and self._height([0] * count) > budget + EPS:
            count -= 1  # not even the titles: the last groups are only counted
        if not count:  # the heading over how many forms the binder holds
            if budget + EPS < self.floor():
                return [], 0.0
            return [*self.head, *self._more_line(len(self.groups))], self.floor()
        longest = max(len(g.rows) for g in self.groups[:count])
        every = 0
        while every < longest and self._height(
                [min(every + 1, len(g.rows)) for g in self.groups[:count]]) <= budget + EPS:
            every += 1
        shown = [min(every, len(g.rows)) for g in self.groups[:count]]
        for g in range(count):  # what is left goes to the first groups' next rows
            while shown[g] < len(self.groups[g].rows):
                shown[g] += 1
                if self._height(shown) > budget + EPS:
                    shown[g] -= 1
                    break
        flow: list[Flowable] = list(self.head)
        for g, rows in enumerate(shown):
            group = self.groups[g]
            if g:
                flow.append(s.Gap(1, GROUP_GAP))
            flow += [group.title(rows, self.width), *group.rows[:rows]]
        if count < len(self.groups):
            flow += self._more_line(len(self.groups) - count)
        return flow, self._height(shown)


GROUP_GAP = 5.0


class Group:
    """One group of a Groups section: a title line that says how many of its entries are
    left out (`title_of(hidden)`), and its rows, each holding `per_row` entries."""

    def __init__(self, title_of: Callable[[int], Flowable], rows: Sequence[Flowable],
                 entries: int, per_row: int) -> None:
        self.title_of, self.rows = title_of, rows
        self.entries, self.per_row = entries, per_row
        self._title_h: float | None = None

    def title(self, rows: int, width: float) -> Flowable:
        return self.title_of(max(self.entries - rows * self.per_row, 0))

    def title_h(self, width: float) -> float:
        """The title's height (one line, whatever it says)."""
        if self._title_h is None:
            self._title_h = measure([self.title_of(0)], width)
        return self._title_h


Round = tuple[Section, int]  # a section and the rows it should have by the end of the round


def share(sections: list[Section], rounds: list[Round], room: float
          ) -> tuple[list[Flowable], float]:
    """The sections, in the order they print, cut to fit `room` between them: the room is
    given in `rounds` of importance, each a section and the rows it should have by then
    (its least first, then as much as it wants); returns their flowables and the room they
    leave unused. Each section's floor (its heading and count line) is set aside before the
    rounds, so none vanishes while it has something to count. What a section leaves of its
    share passes on to the next, and the last takes whatever is left, so the page fills."""
    shares = {id(section): 0.0 for section in sections}
    for section in sections:  # first each one's floor: none vanishes without a word
        give = min(section.floor(), room)
        shares[id(section)] += give
        room -= give
    for section, rows in rounds:
        have = shares[id(section)]
        want = section.reserve(rows, cap=have + room)
        give = min(max(want - have, 0.0), room)
        shares[id(section)] += give
        room -= give
    flow: list[Flowable] = []
    carry = 0.0
    for n, section in enumerate(sections):
        budget = shares[id(section)] + carry + (room if n == len(sections) - 1 else 0.0)
        part, used = section.fit(budget)
        flow += part
        carry = budget - used
    return flow, carry
