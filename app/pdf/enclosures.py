"""A visit pack's documents: after each dossier's card, its PDFs' pages and its PNG/JPEG
images as pages, each page with a running footer naming the client and the document.

A document is prepared before its card is drawn, so the card can say what became of it:
a PDF is opened with pypdf, its pages stamped with the footer (a small reportlab page merged
onto each) and written out again; a PDF that pypdf cannot read, that is encrypted with a
password, or that has more than MAX_PAGES pages, is not merged: the card lists it with a
warning and the pack carries on. Images are decoded with Pillow, bounded in pixels, turned
upright and scaled to fit the page inside its margins. The cards and images are drawn on one
reportlab canvas; the PDFs' pages are put in between, in order, when the pack is merged.

Everything read is bounded: each document is at most 25 MB in the binder, at most MAX_PAGES
pages, and a pack merges at most MAX_PACK_BYTES of documents (later ones are listed only).
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, BinaryIO

from app.document_kinds import printable
from app.errors import Cancelled, RingbinderError
from app.i18n import _
from app.pdf import style as s
from app.pdf.card_documents import listed, ordered, printed_remark
from app.pdf.fonts import REGULAR, register_fonts

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from app.services.dto import AttachmentView, DossierDetail

log = logging.getLogger(__name__)

MAX_PAGES = 500  # of one document: a longer one is listed on the card, not printed
MAX_PACK_BYTES = 200 * 2**20  # of documents merged into one pack
# of one document's page drawings once unpacked: a few kilobytes of compressed spaces can
# unpack to gigabytes, and stamping the footer unpacks every page
MAX_DRAWN_BYTES = 64 * 2**20
MAX_PIXELS = 50_000_000  # of one image (a 50-megapixel photo); Pillow refuses bombs past it
IMAGE_SIDE = 2400  # pixels: an image is scaled down to this, some 300 dpi on the page
MARGIN = 44.0
FOOTER_Y = 20.0  # the appended pages' footer line above the paper's edge (7 mm: printers lose 4)
FOOTER_SIZE = 9.0

Reader = Callable[[str], bytes]  # a document's bytes by its id (checked against its digest)


class Unprintable(Exception):
    """A document that is listed on the card but cannot be printed (the reason says why)."""


@dataclass
class Enclosure:
    """One document of a dossier as the pack treats it."""

    doc: AttachmentView
    pdf: bytes | None = None  # the stamped PDF, its pages put after the card
    image: ImageReader | None = None  # drawn as a page
    pages: int = 0
    problem: str = ""  # why it is not printed (a warning), else ""

    @property
    def remark(self) -> tuple[str, bool]:
        if self.problem:
            return _("not printed: {reason}").format(reason=self.problem), True
        if self.pages:
            return printed_remark(), False
        return _("in the binder"), False


@dataclass
class Dossier:
    """What follows one card."""

    client: str
    enclosures: list[Enclosure] = field(default_factory=list)

    @property
    def remarks(self) -> dict[str, tuple[str, bool]]:
        return {e.doc.id: e.remark for e in self.enclosures}


def _footer_text(client: str, name: str) -> str:
    return f"{s.one_line(client, 80)}{s.SEP}{s.one_line(name, 80)}"


def _page_text(page: int, pages: int) -> str:
    return _("page {page} of {pages}").format(page=page, pages=pages)


def draw_footer(canvas: Canvas, width: float, left: str, right: str) -> None:
    """The running footer of an appended page, on a white band so it reads over anything
    the document printed down there."""
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(MARGIN - 4, FOOTER_Y - 4, width - 2 * MARGIN + 8, FOOTER_SIZE + 6, stroke=0,
                fill=1)
    canvas.setFillColor(s.MUTED)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.drawString(MARGIN, FOOTER_Y, left)
    canvas.drawRightString(width - MARGIN, FOOTER_Y, right)
    canvas.restoreState()


def _overlays(sizes: list[tuple[float, float]], left: str) -> bytes:
    """One small page per page of a document, of its size, holding only its footer: one
    PDF, so the font is embedded once for the whole document."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    out = io.BytesIO()
    # the initial font goes into every page's resources: ours, not Helvetica (base-14)
    canvas = Canvas(out, pageCompression=1,
                    initialFontName=REGULAR)  # type: ignore[arg-type]  # stub says float
    for n, (width, height) in enumerate(sizes, 1):
        canvas.setPageSize((width, height))
        draw_footer(canvas, width, left, _page_text(n, len(sizes)))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's complaints about a damaged file kept off stderr: the pack says it once, in
    the document's warning."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        pypdf_log.setLevel(level)


def stamp_pdf(data: bytes, left: str) -> tuple[bytes, int]:
    """The PDF with the footer on each page, and its pages; Unprintable if it cannot be."""
    with _quiet():
        return _stamp(data, left)


def _stamp(data: bytes, left: str) -> tuple[bytes, int]:
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unprintable(_("it is protected by a password"))
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise Unprintable(_("it has {count} pages, more than {max} are not printed")
                              .format(count=count, max=MAX_PAGES))
        if not count:
            raise Unprintable(_("it has no pages"))
        drawn = 0
        for page in reader.pages:  # each stream is capped by pypdf (75 MB); their sum here
            contents = page.get_contents()
            drawn += len(contents.get_data()) if contents is not None else 0
            if drawn > MAX_DRAWN_BYTES:
                raise Unprintable(_("its pages hold too much to print"))
        writer = PdfWriter()
        pages = [writer.add_page(page) for page in reader.pages]  # pypdf 7: pages of a writer
        for page in pages:
            if page.rotation:
                page.transfer_rotation_to_content()  # the footer at the foot as it is read
        boxes = [page.cropbox for page in pages]
        overlay = PdfReader(io.BytesIO(_overlays(
            [(float(b.width), float(b.height)) for b in boxes], left)))
        for page, box, over in zip(pages, boxes, overlay.pages, strict=True):
            page.merge_translated_page(over, float(box.left), float(box.bottom))
            page.compress_content_streams()  # merging left the drawing unpacked
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), count
    except Unprintable:
        raise
    except Exception as exc:  # a damaged or hostile file: whatever pypdf raised, this one
        log.info("document not merged: %r", exc)  # document only is left out
        raise Unprintable(_("it could not be read as a PDF")) from None


def read_image(data: bytes) -> ImageReader:
    """The image upright, RGB, at most IMAGE_SIDE pixels a side, as reportlab draws it (a
    JPEG stays a JPEG); Unprintable if it cannot be read."""
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise Unprintable(_("the image is too large ({width} × {height} pixels)")
                                  .format(width=width, height=height))
            kind = opened.format
            # scaled down first (a JPEG is decoded at a fraction of its size), then turned
            # upright: never a second full-size copy of a 50-megapixel photo
            opened.thumbnail((IMAGE_SIDE, IMAGE_SIDE))
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, "white")  # transparency on paper: white
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            elif image.mode != "RGB":
                image = image.convert("RGB")
            out = io.BytesIO()
            if kind == "JPEG":
                image.save(out, "JPEG", quality=88)
            else:
                image.save(out, "PNG", optimize=False)
            out.seek(0)
            return ImageReader(out)
    except Unprintable:
        raise
    except Image.DecompressionBombError:  # far past MAX_PIXELS: Pillow would not open it
        raise Unprintable(_("the image is too large")) from None
    except Exception as exc:  # a damaged or hostile file, whatever Pillow raised
        log.info("image not printed: %r", exc)
        raise Unprintable(_("the image could not be read")) from None


def draw_image_page(canvas: Canvas, image: ImageReader, info: s.PrintInfo, left: str) -> None:
    """An image as a page of its own: fitted inside the margins (never enlarged), its
    aspect kept, centred at the top, the running footer below."""
    width, height = info.size
    iw, ih = image.getSize()
    room_w, room_h = width - 2 * MARGIN, height - 2 * MARGIN - 16
    scale = min(room_w / iw, room_h / ih, 1.0)
    w, h = iw * scale, ih * scale
    canvas.drawImage(image, (width - w) / 2, height - MARGIN - h, w, h)
    draw_footer(canvas, width, left, _page_text(1, 1))
    canvas.showPage()


class Pack:
    """The documents of a pack's dossiers: prepared before each card, the images drawn
    after it, the PDFs' pages merged in at the end (merge())."""

    def __init__(self, read: Reader, info: s.PrintInfo) -> None:
        self.read, self.info = read, info
        self.warnings: list[str] = []
        self.inserts: list[tuple[int, bytes]] = []  # (drawn pages before it, stamped PDF)
        self.budget = MAX_PACK_BYTES

    def prepare(self, detail: DossierDetail) -> Dossier:
        """Read and check each document the card lists, in its order."""
        dossier = Dossier(detail.name)
        for doc in listed(detail.attachments):
            dossier.enclosures.append(self._enclosure(detail, doc))
        order = {doc.id: n for n, doc in enumerate(ordered(detail.attachments,
                                                           dossier.remarks))}
        dossier.enclosures.sort(key=lambda e: order[e.doc.id])  # as the card lists them
        return dossier

    def _enclosure(self, detail: DossierDetail, doc: AttachmentView) -> Enclosure:
        kind = printable(doc.mime, doc.filename)
        found = Enclosure(doc)
        if kind == "other":
            return found
        if doc.size > self.budget:
            found.problem = _("the pack is already full")
        else:
            try:
                try:
                    data = self.read(doc.id)
                except RingbinderError:  # its bytes no longer match their digest
                    raise Unprintable(_("its copy in the binder is damaged")) from None
                left = _footer_text(detail.name, doc.filename)
                if kind == "pdf":
                    found.pdf, found.pages = stamp_pdf(data, left)
                else:
                    found.image, found.pages = read_image(data), 1
                self.budget -= len(found.pdf or data)
            except Unprintable as exc:
                found.problem = str(exc).rstrip(".")
        if found.problem:
            self.warnings.append(_("{client}: {document} is not printed: {reason}.").format(
                client=s.one_line(detail.name, 80), document=doc.filename,
                reason=found.problem))
        return found

    def follow(self, canvas: Canvas, dossier: Dossier, drawn: int) -> tuple[int, int]:
        """Draw the dossier's images after its card and note where its PDFs go; `drawn` is
        the canvas's pages so far. Returns the pages the documents add to the pack, and how
        many of them were drawn on the canvas."""
        added = on_canvas = 0
        for e in dossier.enclosures:
            if e.pdf is not None:
                self.inserts.append((drawn + on_canvas, e.pdf))
                added += e.pages
            elif e.image is not None:
                draw_image_page(canvas, e.image, self.info,
                                _footer_text(dossier.client, e.doc.filename))
                on_canvas += 1
                added += 1
        return added, on_canvas

    def merge(self, drawn: IO[bytes], out: str | BinaryIO,
              cancelled: Callable[[], bool] | None = None) -> int:
        """Write the drawn pages with the PDFs' pages put in where they belong; returns
        the pages written."""
        from pypdf import PdfReader, PdfWriter

        base = PdfReader(drawn)
        writer = PdfWriter()
        if base.metadata:
            writer.add_metadata(dict(base.metadata))
        inserts = iter(self.inserts)
        pending = next(inserts, None)

        def put(data: bytes) -> None:
            if cancelled and cancelled():
                raise Cancelled(_("Printing was cancelled; no file was written."))
            for page in PdfReader(io.BytesIO(data)).pages:
                writer.add_page(page)

        for index, page in enumerate(base.pages):
            while pending is not None and pending[0] == index:
                put(pending[1])
                pending = next(inserts, None)
            writer.add_page(page)
        while pending is not None:
            put(pending[1])
            pending = next(inserts, None)
        writer.write(out)
        return len(writer.pages)
