"""Documents on paper: the card lists a dossier's documents, and a visit pack puts each
card's PDFs and images after it, every appended page footed with the client's name; a
damaged PDF is listed, not merged, and said."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from app.services.dossiers import NewDossier
from tests.conftest import TODAY
from tests.pdf.pdfcheck import all_text, page_text, read


def proposal(pages: int, title: str = "Proposal") -> bytes:
    """A PDF of `pages` pages, each saying which it is."""
    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(1, pages + 1):
        canvas.drawString(72, 720, f"{title} page {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def photo(kind: str = "JPEG", size: tuple[int, int] = (900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 110, 190)).save(out, kind)
    return out.getvalue()


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def client(services):
    """María Peña, filed today, with a 2-page proposal and a photo of the site."""
    dossier_id, _ = services.dossiers.create(NewDossier(
        "María Peña", company="Acme S.L.", next_contact=TODAY))
    services.attachments.add(dossier_id, "proposal.pdf", proposal(2))
    services.attachments.add(dossier_id, "site.jpg", photo())
    return dossier_id


def test_the_card_lists_the_documents_with_type_date_and_size(services, client, tmp_path):
    services.attachments.add(client, "terms.docx", b"PK\x03\x04 not really")
    trashed, _ = services.attachments.add(client, "old offer.pdf", proposal(1))
    services.attachments.trash(trashed)
    assert services.printing.card(client, tmp_path / "card.pdf") == 1
    text = flat(all_text(read(tmp_path / "card.pdf")))
    assert "DOCUMENTS" in text
    for name, kind in (("proposal.pdf", "PDF"), ("site.jpg", "JPEG image"),
                       ("terms.docx", "Word document")):
        assert name in text and kind in text
    assert "application/" not in text and "image/jpeg" not in text  # a word, not a MIME
    assert "old offer.pdf" not in text  # in the trash
    assert "15 bytes" in text  # the .docx's size, in words
    assert "printed after this card" not in text  # a plain card says nothing of packs


def test_a_card_with_documents_prints_one_plus_two_plus_one_pages(services, client, tmp_path):
    target = tmp_path / "pack.pdf"
    printed = services.printing.card_with_documents(client, target)
    reader = read(target)
    assert printed.pages == len(reader.pages) == 4 and printed.warnings == []
    card = flat(page_text(reader, 0))
    assert "proposal.pdf printed after this card" in card
    assert "site.jpg printed after this card" in card
    appended = [flat(page_text(reader, i)) for i in range(1, 4)]
    # the card's order (newest first): the photo, then the proposal's two pages
    assert "María Peña · site.jpg" in appended[0] and "page 1 of 1" in appended[0]
    assert "Proposal page 1" in appended[1] and "María Peña · proposal.pdf" in appended[1]
    assert "page 1 of 2" in appended[1]
    assert "Proposal page 2" in appended[2] and "page 2 of 2" in appended[2]
    assert reader.pages[1].images  # the photo is on its page


def test_a_damaged_pdf_is_listed_not_merged_and_warned_of(services, client, tmp_path):
    services.attachments.add(client, "broken.pdf", b"%PDF-1.7 this is not a PDF at all")
    services.attachments.add(client, "notes.txt", b"call before noon")
    target = tmp_path / "pack.pdf"
    printed = services.printing.card_with_documents(client, target)
    reader = read(target)
    assert len(reader.pages) == printed.pages == 4  # the card, the photo, the proposal
    assert printed.warnings == [
        "María Peña: broken.pdf is not printed: it could not be read as a PDF."]
    card = flat(page_text(reader, 0))
    assert "broken.pdf not printed: it could not be read as a PDF" in card
    assert "notes.txt in the binder" in card and "Text file" in card
    assert not any("broken.pdf" in page_text(reader, i) for i in range(1, 4))


def test_a_document_damaged_in_the_binder_is_named_not_printed(services, client, tmp_path):
    import sqlite3

    document_id, _changes = services.attachments.add(client, "offer.pdf", proposal(2))
    db = sqlite3.connect(services.path)  # the bytes changed on the disk, after the digest
    with db:
        db.execute("UPDATE attachment_blobs SET data = ? WHERE attachment_pk = (SELECT pk FROM "
                   "attachments WHERE uuid = ?)", (proposal(3), document_id))
    db.close()
    printed = services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    assert printed.warnings[-1] == (
        "María Peña: offer.pdf is not printed: its copy in the binder is damaged.")


def test_a_pdf_locked_with_a_password_is_not_merged(services, client, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(proposal(3, "Secret"))))
    writer.encrypt("open sesame")
    locked = io.BytesIO()
    writer.write(locked)
    services.attachments.add(client, "locked.pdf", locked.getvalue())
    printed = services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    assert printed.pages == 4
    assert printed.warnings == [
        "María Peña: locked.pdf is not printed: it is protected by a password."]
    assert "Secret page" not in all_text(read(tmp_path / "pack.pdf"))


def test_the_day_pack_puts_each_dossiers_documents_after_its_card(services, client, tmp_path):
    other, _ = services.dossiers.create(NewDossier("Łukasz Żółć", next_contact=TODAY))
    services.attachments.add(other, "oferta.pdf", proposal(3, "Oferta"))
    services.attachments.add(other, "plan.png", photo("PNG", (300, 200)))
    seen: list[tuple[int, int]] = []
    target = tmp_path / "day.pdf"
    printed = services.printing.day_with_documents(
        TODAY.isoformat(), target, progress=lambda done, total: seen.append((done, total)))
    reader = read(target)
    assert printed.pages == len(reader.pages) == 1 + (1 + 1 + 2) + (1 + 1 + 3)
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)  # progress counts the dossiers
    pages = [flat(page_text(reader, i)) for i in range(len(reader.pages))]
    # the agenda, then each card followed by its own documents (newest first)
    card = {dossier: next(i for i, text in enumerate(pages) if f"Dossier {dossier}" in text)
            for dossier in (client, other)}
    assert sorted(card.values()) in ([1, 5], [1, 6])  # the next card after the documents
    maria, lukasz = card[client], card[other]
    assert "María Peña · site.jpg" in pages[maria + 1]
    assert "María Peña · proposal.pdf" in pages[maria + 2] and "Proposal page 2" in pages[
        maria + 3]
    assert "Łukasz Żółć · plan.png" in pages[lukasz + 1]
    assert all("Łukasz Żółć · oferta.pdf" in pages[lukasz + 2 + n] for n in range(3))
    assert "Oferta page 3" in pages[lukasz + 4] and "page 3 of 3" in pages[lukasz + 4]


def test_the_day_pack_can_be_cancelled_and_leaves_no_file(services, client, tmp_path):
    from app.errors import Cancelled

    target = tmp_path / "day.pdf"
    with pytest.raises(Cancelled):
        services.printing.day_with_documents(TODAY.isoformat(), target,
                                             cancelled=lambda: True)
    assert list(tmp_path.glob("day.pdf*")) == [] and not list(tmp_path.glob(".day.pdf*"))


def test_twelve_documents_keep_the_card_on_one_page(services, tmp_path):
    dossier_id, _ = services.dossiers.create(NewDossier(
        "Anna Kowalska", next_contact=date(2026, 11, 25), notes="Long notes. " * 300))
    for n in range(40):
        services.attachments.add(dossier_id, f"document {n:02d}.odt", b"x" * (n + 1) * 1000)
    assert services.printing.card(dossier_id, tmp_path / "card.pdf", "Letter") == 1
    text = flat(all_text(read(tmp_path / "card.pdf")))
    assert "document 39.odt" in text  # the newest first
    assert "more documents in the binder" in text


def test_a_pdf_past_the_page_ceiling_is_listed_not_merged(services, client, tmp_path,
                                                           monkeypatch):
    from app.pdf import enclosures

    monkeypatch.setattr(enclosures, "MAX_PAGES", 2)  # 500 in use: a catalogue of 501 pages
    services.attachments.add(client, "catalogue.pdf", proposal(3, "Catalogue"))
    printed = services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    assert printed.pages == 4  # the card, the photo, the 2-page proposal
    assert printed.warnings == ["María Peña: catalogue.pdf is not printed: it has 3 pages, "
                                "more than 2 are not printed."]
    assert "Catalogue page" not in all_text(read(tmp_path / "pack.pdf"))


def png_header(width: int, height: int) -> bytes:
    """The first bytes of a PNG that claims to be huge (a decompression bomb's header)."""
    body = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + body
            + struct.pack(">I", zlib.crc32(body)) + struct.pack(">I", len(data)) + b"IDAT"
            + data + struct.pack(">I", zlib.crc32(b"IDAT" + data)))


def test_an_image_bomb_and_a_damaged_image_are_listed_not_drawn(services, client, tmp_path):
    services.attachments.add(client, "bomb.png", png_header(9_000, 9_000))
    services.attachments.add(client, "huge.png", png_header(40_000, 40_000))
    services.attachments.add(client, "cut.jpg", photo()[:200])
    printed = services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    assert printed.pages == 4
    assert sorted(printed.warnings) == [
        "María Peña: bomb.png is not printed: the image is too large (9000 × 9000 pixels).",
        "María Peña: cut.jpg is not printed: the image could not be read.",
        "María Peña: huge.png is not printed: the image is too large."]
    assert "cut.jpg not printed" in flat(page_text(read(tmp_path / "pack.pdf"), 0))


def test_a_selection_prints_with_documents_too(services, client, tmp_path):
    other, _ = services.dossiers.create(NewDossier("Иван Иванов", next_contact=TODAY))
    services.attachments.add(other, "договор.pdf", proposal(1, "Contract"))
    printed = services.printing.selection_with_documents([other, client],
                                                         tmp_path / "chosen.pdf")
    reader = read(tmp_path / "chosen.pdf")
    assert printed.pages == len(reader.pages) == 1 + 2 + 4
    assert "Иван Иванов · договор.pdf" in flat(page_text(reader, 2))
    assert f"Dossier {client}" in page_text(reader, 3)  # then María's card, in the order given


def page_fonts(page) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) of a page's fonts."""
    found = []
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        found.append((str(font["/BaseFont"]),
                      descriptor is not None and "/FontFile2" in descriptor.get_object()))
    return found


def test_the_pages_the_pack_adds_use_only_embedded_fonts_of_their_own(services, client,
                                                                      tmp_path):
    services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    reader = read(tmp_path / "pack.pdf")
    assert reader.metadata.title == "María Peña"
    assert all(embedded for _name, embedded in page_fonts(reader.pages[1]))  # the photo
    # a proposal's page: its own Helvetica, and the footer's embedded font beside it
    fonts = page_fonts(reader.pages[2])
    assert [name for name, embedded in fonts if not embedded] == ["/Helvetica"]
    assert any(embedded for _name, embedded in fonts)


def packed_spaces(size: int) -> bytes:
    """A one-page PDF whose drawing is `size` bytes of spaces, packed to almost nothing."""
    import zlib as packer

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream.set_data(packer.compress(b" " * size + b"BT ET"))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_whose_pages_unpack_past_the_limit_is_not_merged(services, client, tmp_path,
                                                                monkeypatch):
    import app.pdf.enclosures as enclosures

    monkeypatch.setattr(enclosures, "MAX_DRAWN_BYTES", 2**20)  # 1 MB, not 64: a quick test
    bomb = packed_spaces(3 * 2**20)
    assert len(bomb) < 10_000
    services.attachments.add(client, "bomb.pdf", bomb)
    printed = services.printing.card_with_documents(client, tmp_path / "pack.pdf")
    assert printed.pages == 4  # the card, the photo, the proposal's two pages
    assert printed.warnings == ["María Peña: bomb.pdf is not printed: its pages hold too much "
                                "to print."]


def test_a_stamped_pdf_stays_packed(services, tmp_path):
    dossier_id, _ = services.dossiers.create(NewDossier("Anna Nowak", next_contact=TODAY))
    out = io.BytesIO()
    canvas = Canvas(out)  # packed pages, each with a page of text
    for n in range(40):
        for line in range(60):
            canvas.drawString(72, 780 - 12 * line, f"Line {line} of page {n}: terms and prices")
        canvas.showPage()
    canvas.save()
    long_one = out.getvalue()
    services.attachments.add(dossier_id, "long.pdf", long_one)
    services.printing.card(dossier_id, tmp_path / "card.pdf")
    services.printing.card_with_documents(dossier_id, tmp_path / "pack.pdf")
    added = (tmp_path / "pack.pdf").stat().st_size - (tmp_path / "card.pdf").stat().st_size
    assert len(read(tmp_path / "pack.pdf").pages) == 41
    assert added < 1.5 * len(long_one) + 40_000  # not unpacked (that was 3.7 times)


def test_a_photo_taken_sideways_prints_upright(services, tmp_path):
    dossier_id, _ = services.dossiers.create(NewDossier("Anna Nowak", next_contact=TODAY))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated by 90°
    Image.new("RGB", (3000, 2000), (30, 110, 190)).save(out, "JPEG", exif=exif.tobytes())
    services.attachments.add(dossier_id, "site.jpg", out.getvalue())
    services.printing.card_with_documents(dossier_id, tmp_path / "pack.pdf")
    (shown,) = read(tmp_path / "pack.pdf").pages[1].images
    width, height = shown.image.size
    assert height > width and max(width, height) <= 2400  # upright, and scaled down
