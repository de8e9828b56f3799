"""The card's quick text flowables lay out as reportlab's Paragraph does: style.plain (a Line
for one line of plain text), style.para (a Line for one line of text or markup, else a
Paragraph without reportlab's markup parser when the markup is ours) and a Paragraph laid out
once per width."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from app.pdf import style as s
from app.pdf.fonts import ITALIC, register_fonts
from app.pdf.text import _Paragraph as Hyphenating  # reportlab's, long words hyphenated
from app.pdf.text import frags_of


@pytest.fixture(autouse=True)
def _fonts():
    register_fonts()


def _drawn(flowable, width):
    """(height, the page read back) of a flowable drawn alone at this width."""
    out = io.BytesIO()
    canvas = Canvas(out)
    _w, height = flowable.wrap(width, 1e6)
    flowable.drawOn(canvas, 40, 400)
    canvas.showPage()
    canvas.save()
    return height, PdfReader(out).pages[0]


def lines_of(flowable, width):
    """(height, the text as a reader extracts it) of a flowable drawn alone at this width."""
    height, page = _drawn(flowable, width)
    return height, page.extract_text()


@pytest.mark.parametrize("style", [s.SMALL, s.BODY, s.BODY_RIGHT, s.LABEL])
@pytest.mark.parametrize("text", ["Nov 3, 2026", "Call", "Łukasz  Żółć · Иван", "",
                                  "a rather long line of plain words that wraps " * 3,
                                  "x" * 300])
def test_a_line_is_laid_out_as_a_paragraph_of_it(style, text):
    text = " ".join(text.split())
    expected = lines_of(Hyphenating(escape(text), style), 160)
    assert lines_of(s.plain(text, style), 160) == expected


def test_plain_text_is_never_read_as_markup():
    _height, text = lines_of(s.plain("<b>R&D</b> & co", s.BODY), 300)
    assert text.strip() == "<b>R&D</b> & co"


@pytest.mark.parametrize("markup", ["Went through the offer", "Check with the CFO — 3 %",
                                    "R&amp;D &lt;b&gt;", "<b>bold</b> and not",
                                    "line one<br/>line two", "month-end " * 40])
def test_para_lays_out_as_a_paragraph(markup):
    assert lines_of(s.para(markup, s.BODY), 200) == lines_of(Paragraph(markup, s.BODY), 200)


def test_a_paragraph_is_laid_out_once_per_width():
    paragraph = s.paragraph("Call again after the month-end close, then again", s.BODY)
    first = paragraph.wrap(120, 1e6)
    lines = paragraph.blPara.lines
    assert paragraph.wrap(120, 1e6) == first and paragraph.blPara.lines is lines
    assert paragraph.wrap(300, 1e6) != first  # another width: laid out again
    _h, text = lines_of(s.para("Call again after the month-end close", s.BODY), 150)
    assert "month-" in text  # a hyphen at a line's end is kept (re-wrapping lost it)


OURS = ["Went through the offer", "R&amp;D &lt;b&gt; &amp;", "<b>+48 600 123 456</b>",
        f'lukasz@zolc.pl  <font color="{s.MUTED_HEX}">work</font>',
        f'<font name="{ITALIC}" color="{s.MUTED_HEX}">+ 2 more in the binder</font>',
        f'Call <font color="{s.MUTED_HEX}">· Offer <b>(12,500.00 zł)</b></font> end',
        "line one<br/>line two", "<b>a</b><b>b</b> c"]


@pytest.mark.parametrize("markup", OURS)
@pytest.mark.parametrize("style", [s.BODY, s.SMALL_ITALIC, s.BODY_RIGHT])
def test_our_markup_is_read_into_the_fragments_of_reportlabs_parser(markup, style):
    ours = frags_of(cleanBlockQuotedText(markup), style)  # as para() gives it
    assert ours is not None
    theirs = Paragraph(markup, style).frags
    assert [f.__dict__ for f in ours] == [f.__dict__ for f in theirs]


@pytest.mark.parametrize("markup", ["<i>x</i>", "a &quot;b&quot;", "<b>open", "x</b>",
                                    '<font size="12">x</font>', "a < b"])
def test_other_markup_is_left_to_reportlabs_parser(markup):
    assert frags_of(markup, s.BODY) is None


@pytest.mark.parametrize("markup", OURS)
@pytest.mark.parametrize("style", [s.BODY, s.BODY_RIGHT])
@pytest.mark.parametrize("width", [60, 400])
def test_para_of_our_markup_lays_out_as_a_paragraph(markup, style, width):
    assert lines_of(s.para(markup, style), width) == lines_of(Paragraph(markup, style), width)


WRAPPING = ["Negocjacje ceny za usługi transportowe — Nie było go, oddzwonić po zamknięciu",
            "Обсудили предложение на транспортные услуги — Хочет скидку 5 % и звонок завтра",
            "word " * 30, "a rather long line of plain words that wraps " * 3,
            "Oferta z rabatem (12\xa0500,00\xa0zł)\xa0·\xa0Kierownik zakupów\xa0·\xa0Nowak " * 3]


@pytest.mark.parametrize("text", WRAPPING)
@pytest.mark.parametrize("style", [s.BODY, s.SMALL, s.BODY_RIGHT])
@pytest.mark.parametrize("width", [45, 90, 131.5, 200, 367])
def test_lines_broken_as_a_paragraph_breaks_them(text, style, width):
    ours, theirs = s.para(text, style), Hyphenating(text, style)
    assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
    if isinstance(ours, s.Line) and ours._para is None:
        assert [(round(extra, 6), "".join(r[0] for r in runs)) for extra, runs in ours._lines] \
            == [(round(extra, 6), " ".join(words)) for extra, words in theirs.blPara.lines]
    assert lines_of(ours, width) == lines_of(theirs, width)


def test_reportlabs_uri_pattern_is_the_quick_equivalent_and_matches_the_same():
    import ast
    import inspect
    import re
    import subprocess
    import sys

    import reportlab.platypus.paragraph as paragraph

    from app.pdf.uri_pattern import URI_PATTERN, without_flag

    source = ast.parse(inspect.getsource(paragraph))
    compiled = [node.value for node in source.body if isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", "") == "uri_pat"]
    assert ast.literal_eval(compiled[0].args[0]) == URI_PATTERN  # this reportlab's pattern
    seeded = subprocess.run(  # a process printing imports app.pdf before reportlab.platypus
        [sys.executable, "-c", "import app.cli_commands, app.pdf.batch, re; "
         "from reportlab.platypus.paragraph import uri_pat; "
         "from app.pdf.uri_pattern import without_flag; "
         "print(uri_pat.pattern == without_flag() and uri_pat.flags & re.I == 0)"],
        capture_output=True, text=True, check=True)
    assert seeded.stdout.strip() == "True"
    ours, theirs = re.compile(without_flag()), re.compile(URI_PATTERN, re.I)
    samples = ["http://example.com/a", "HTTPS://EXAMPLE.COM/Path?x=1", "www.zolc.pl",
               "lukasz@zolc.pl", "mailto:Anna@Fundacja.PL", "ftp://10.0.0.1:21/x",
               "http://[::1]:80/", "http://[FE80::1]/", "LOCALHOST", "localhost:8080",
               "XN--80AKHBYKNJ4F.XN--P1AI", "żółć.pl", "ŻÓŁĆ.PL/Ścieżka", "пример.рф",
               "Kelvin.\u212aom", "\u017fchool.org", "\u0130stanbul.tr", "a.b", "-bad.com",
               "plain words", "month-end", "12,500.00", "x" * 70 + ".com", ""]
    for sample in samples:
        quick, reference = ours.match(sample), theirs.match(sample)
        assert (quick and quick.groups()) == (reference and reference.groups()), sample


def test_each_rewritten_class_holds_what_the_flag_gave_it():
    import re

    from app.pdf.uri_pattern import _REWRITES

    for old, new in _REWRITES:
        if not old.startswith("["):
            continue  # a word marked (?i:…) on its own
        flagged, plain = re.compile(old, re.I), re.compile(new)
        for code in [*range(0x3000), 0xFB00, 0xFF21, 0xFF41, 0xFFFF, 0x10000, 0x10400, 0x10FFFF]:
            char = chr(code)
            assert bool(flagged.fullmatch(char)) == bool(plain.fullmatch(char)), (old, hex(code))


MUTED = f'<font color="{s.MUTED_HEX}">'
COLOURED = [f"Negocjacje ceny za usługi transportowe — Nie było go, oddzwonić {MUTED}· Oferta "
            "z rabatem 3 % (PLN30,600.00)</font>",
            f"Wizyta w zakładzie: umowę serwisową — Skonsultuje z dyrektorem {MUTED}· "
            "Kosztorys wysłany e-mailem (PLN7,400.00)</font>",
            f"{MUTED}word</font> " * 12 + f"a{MUTED}b</font>c " * 5 + "end &amp; more",
            f'Обсудили предложение {MUTED}· corrected</font> {MUTED}· Смета</font> ещё раз']


@pytest.mark.parametrize("markup", COLOURED)
@pytest.mark.parametrize("style", [s.BODY, s.BODY_RIGHT])
@pytest.mark.parametrize("width", [45, 90, 131.5, 200, 290, 367])
def test_coloured_runs_are_broken_as_a_paragraph_breaks_them(markup, style, width):
    ours, theirs = s.para(markup, style), Hyphenating(markup, style)
    assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
    assert lines_of(ours, width) == lines_of(theirs, width)


def _word_spacing(flowable, width):
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    flowable.wrap(width, 1e6)
    flowable.drawOn(canvas, 40, 400)
    canvas.showPage()
    canvas.save()
    return [float(m) for m in re.findall(rb"(-?[\d.]+) Tw", out.getvalue()) if float(m)]


@pytest.mark.parametrize("style", [s.BODY, s.BODY_RIGHT])
def test_a_line_let_over_by_shrinking_spaces_is_drawn_with_them_shrunk(style):
    text = "Omówienie oferty na części zamienne — Zadzwonić po zamknięciu miesiąca"
    width = s.Line([(text, style.fontName, style.textColor)], style, text).text_width - 1.0
    ours, theirs = s.para(text, style), Hyphenating(text, style)
    assert lines_of(ours, width) == lines_of(theirs, width)
    assert len(_word_spacing(theirs, width)) == 1  # one line, its spaces shrunk
    assert _word_spacing(ours, width) == pytest.approx(_word_spacing(theirs, width))


def _placed(flowable, width):
    """(height, [(text, x, y)]) of a flowable drawn alone at this width: where each piece of
    text starts on the page."""
    height, page = _drawn(flowable, width)
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, round(x, 4), round(y, 4)))

    page.extract_text(visitor_text=visit)
    return height, found


@pytest.mark.parametrize("alignment", [0, 1, 2])
@pytest.mark.parametrize("width", [2, 8, 16])
def test_one_character_wider_than_its_room_is_placed_as_a_paragraph_places_it(alignment,
                                                                              width):
    """The agenda's tick box (11 pt in an 8 pt column): one line, let over its room."""
    style = s.style(f"box-{alignment}", 11, color=s.MUTED, leading=12, alignment=alignment)
    ours = s.plain("☐", style)
    assert isinstance(ours, s.Line)
    placed = _placed(ours, width)
    assert ours._para is None and placed[1]
    assert placed == _placed(Paragraph("☐", style), width)


@pytest.mark.parametrize("width", [50, 60, 70, 80, 90])
@pytest.mark.parametrize("text", ["ИП «Голубев-Тихонов»", "Firma „Nowak-Kosmowski”",
                                  "Konstantynopolitańczykowa"])
def test_a_word_in_quotes_breaks_at_its_hyphen_or_gets_one(text, width):
    """Never a letter cut off at a line's end: each break inside the word follows a hyphen."""
    _height, extracted = lines_of(s.para(text, s.BODY), width)
    word = text.split()[-1]
    pattern = "(?:-\n)?".join(re.escape(c) if c != "-" else "-\n?" for c in word)
    assert re.search(pattern, extracted), extracted
