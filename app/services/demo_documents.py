"""The demo's documents: a one-page proposal per language and variant, drawn once per run
with reportlab in the binder's embedded font and shared by the dossiers that get one (each
under its own name): a binder of 100,000 dossiers makes a handful of PDFs, not thousands.
One face only: each embedded face costs ~20 KB, and a proposal is ~25 KB with one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.pdf.fonts import REGULAR, register_fonts

# per language: title, "for", the lines' headings, total, validity, then two offers
# (product, quantity, unit price in the client's currency)
_TEXTS = {
    "es": ("Propuesta comercial", "Preparada para", ("Concepto", "Cant.", "Precio", "Importe"),
           "Total sin IVA", "Oferta válida 30 días desde su fecha. Plazo de entrega: 3 semanas.",
           [("Línea de embalaje EP-200", 1, 18400), ("Contrato de mantenimiento anual", 1,
                                                     2350)],
           [("Repuestos: kit de rodillos", 12, 145), ("Transporte y montaje", 1, 620)]),
    "pl": ("Oferta handlowa", "Przygotowana dla", ("Pozycja", "Ilość", "Cena", "Wartość"),
           "Razem netto", "Oferta ważna 30 dni od daty wystawienia. Termin dostawy: 3 tygodnie.",
           [("Linia pakująca EP-200", 1, 79100), ("Roczna umowa serwisowa", 1, 10100)],
           [("Części zamienne: zestaw rolek", 12, 620), ("Transport i montaż", 1, 2650)]),
    "ru": ("Коммерческое предложение", "Подготовлено для",
           ("Позиция", "Кол-во", "Цена", "Сумма"), "Итого без НДС",
           "Предложение действительно 30 дней. Срок поставки: 3 недели.",
           [("Линия упаковки EP-200", 1, 1748000), ("Годовое обслуживание", 1, 223000)],
           [("Запчасти: комплект роликов", 12, 13800), ("Доставка и монтаж", 1, 59000)]),
    "en": ("Commercial proposal", "Prepared for", ("Item", "Qty", "Price", "Amount"),
           "Total excl. VAT", "Valid for 30 days from its date. Delivery: 3 weeks.",
           [("EP-200 packaging line", 1, 15600), ("Annual maintenance contract", 1, 2000)],
           [("Spare parts: roller kit", 12, 125), ("Delivery and installation", 1, 530)]),
}
_CLIENT = {"es": "Dirección de compras", "pl": "Dział zakupów", "ru": "Отдел закупок",
           "en": "Purchasing department"}
VARIANTS = 2


@dataclass(frozen=True)
class DemoPdf:
    data: bytes
    sha256: str


def _money(value: int, currency: str) -> str:
    return f"{value:,}".replace(",", "\u00a0") + f"\u00a0{currency}"


def proposal_pdf(lang: str, variant: int, currency: str) -> bytes:
    """A one-page proposal in the client's language (the same bytes for the same arguments:
    reportlab's invariant mode leaves out the creation time and a random document id)."""
    register_fonts()
    title, prepared, heads, total_label, terms, *offers = _TEXTS[lang]
    lines = offers[variant % len(offers)]
    out = BytesIO()
    page = Canvas(out, pagesize=A4, invariant=1)
    page.setTitle(title)
    width, height = A4
    left, y = 20 * mm, height - 30 * mm
    page.setFont(REGULAR, 18)
    page.drawString(left, y, title)
    page.setFont(REGULAR, 10)
    page.drawString(left, y - 9 * mm, f"{prepared}: {_CLIENT[lang]}")
    y -= 25 * mm
    columns = (left, left + 95 * mm, left + 115 * mm, left + 145 * mm)
    page.setFont(REGULAR, 10)
    for x, head in zip(columns, heads, strict=True):
        page.drawString(x, y, head)
    page.line(left, y - 2 * mm, width - 20 * mm, y - 2 * mm)
    page.setFont(REGULAR, 10)
    total = 0
    for name, quantity, price in lines:
        y -= 8 * mm
        amount = quantity * price
        total += amount
        for x, text in zip(columns, (name, str(quantity), _money(price, currency),
                                     _money(amount, currency)), strict=True):
            page.drawString(x, y, text)
    y -= 12 * mm
    page.setFont(REGULAR, 11)
    page.drawString(columns[2], y, total_label)
    page.drawString(columns[3], y - 6 * mm, _money(total, currency))
    page.setFont(REGULAR, 9)
    page.drawString(left, y - 20 * mm, terms)
    page.showPage()
    page.save()
    return out.getvalue()


def proposal_pdfs(currencies: dict[str, str]) -> dict[str, list[DemoPdf]]:
    """Every language's proposals, made once per demo."""
    made: dict[str, list[DemoPdf]] = {}
    for lang, currency in currencies.items():
        made[lang] = []
        for variant in range(VARIANTS):
            data = proposal_pdf(lang, variant, currency)
            made[lang].append(DemoPdf(data, hashlib.sha256(data).hexdigest()))
    return made
