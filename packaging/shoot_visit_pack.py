"""The README's picture of a visit pack: on a demo binder made on the spot, today's first
English client gets a proposal made from the manager's template (as New proposal… does), then
their card is printed with its documents (on the locale's paper) and the first pages are set
side by side.

    python packaging/shoot_visit_pack.py packaging/screenshots
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import Services, open_services
from app.services.demo import generate_demo
from app.services.proposal_lines import make_line

TODAY = date(2026, 11, 24)
LINES = [("Pallet racking, 6 bays", "2", "1840.00", "5", "20"),
         ("Installation and safety inspection", "1", "650.00", "", "20"),
         ("Spare beam locks (box of 50)", "3", "24.90", "", "20")]


def proposal_for_today(services: Services) -> str:
    """Today's first English client (the demo's have +44 phones), with a proposal kept."""
    rows = services.views.list_insert(TODAY.isoformat())
    row = next((r for r in rows if r.phone.startswith("+44")), rows[0])
    template = services.proposals.templates()[0]  # the manager's, made with the demo
    proposal = services.proposals.draft(row.id, template.id)
    proposal.lines = [make_line(*line) for line in LINES]
    services.proposals.save(proposal)
    return row.id


def main(out: Path) -> None:
    set_locale("en_US")
    folder = Path(tempfile.mkdtemp())
    services = open_services(folder / "binder.rbinder", FixedClock(TODAY), create=True)
    generate_demo(services, 1000, seed=1)
    services.settings.update(owner_name="Anna Nowak")
    dossier_id = proposal_for_today(services)
    pack = folder / "visit-pack.pdf"
    services.printing.card_with_documents(dossier_id, pack)
    services.close()
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(pack),
                    str(folder / "page")], check=True)
    pages = [Image.open(p).convert("RGB") for p in sorted(folder.glob("page-*.png"))]
    gap = 16
    sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) + 1),
                              max(p.height for p in pages) + 2 * gap), (208, 212, 218))
    x = gap
    for page in pages:
        sheet.paste(page, (x, gap))
        x += page.width + gap
    sheet.save(out / "visit-pack.png", optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots"))
