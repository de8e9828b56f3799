"""The README's picture of the card at its limits: a dossier with 300 events, 50 KB of notes,
12 phones and a 40-field form, made through the services in a binder of its own, printed as
its card (A4, English) and page 1 rendered at 60 dpi by pdftoppm.

    python packaging/shoot_card_extreme.py packaging/screenshots
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import Services, open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep

TODAY = date(2026, 11, 24)
EVENTS = 300
PHONES = ["mobile", "office", "assistant", "warehouse", "home", "fax", "accounts", "logistics",
          "security", "reception", "director", "night shift"]
TALKS = [  # (channel, summary, outcome)
    ("call", "Вопросы про запчасти", "Согласует с директором"),
    ("visit", "Презентация: договор на обслуживание", "Заинтересован, ждёт предложение"),
    ("call", "Продолжение разговора про новую линию упаковки", "Просит письменное предложение"),
    ("email", "Отправили каталог и прайс на 2026 год", "Получил, изучает"),
    ("call", "Уточнили сроки поставки плёнки", "Перезвонит после склада"),
]
OFFERS = ["Коммерческое предложение: плёнка стретч", "Договор на обслуживание, 12 месяцев",
          "Поставка паллет, квартальный заказ"]
NOTE = ("{day}: Согласует с директором. Вопросы про квартальный заказ, скидку за объём и "
        "доставку на склад в Екатеринбурге. Конкурент предлагает отсрочку платежа 60 дней. ")


def notes() -> str:
    """50 KB of notes written over years, a dated paragraph each time."""
    parts, day, size = [], date(2019, 3, 4), 0
    while size < 50_000:
        parts.append(NOTE.format(day=day.strftime("%d.%m.%Y")))
        size += len(parts[-1]) + 1
        day += timedelta(days=9)
    return "\n".join(parts)[:50_000]


def extreme(services: Services, clock: FixedClock) -> str:
    """The dossier, made as the salesperson would, day by day; returns its id."""
    clock.set_today(TODAY - timedelta(days=3 * EVENTS))
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Иван Иванович Иванов", company="ООО «Северная торговая компания и партнёры»",
        position="Начальник отдела снабжения",
        phones=[f"{label}: +7 912 55{n // 10}-{n % 10}0-{10 + n}"
                for n, label in enumerate(PHONES)],
        emails=["ivanov@sevtorg.ru", "zakupki@sevtorg.ru", "office@sevtorg.ru",
                "sklad@sevtorg.ru"], notes=notes(),
        extra={"address": "ул. Промышленная, д. 14, стр. 2, офис 305\n190000 Санкт-Петербург",
               "website": "sevtorg.example", "source": "Выставка «Упаковка» 2024",
               "segment": "Оптовая торговля", "tags": "ключевой клиент, склад, логистика"}))
    for n in range(EVENTS):
        clock.set_today(TODAY - timedelta(days=3 * (EVENTS - n)))
        clock.set_time(time(9 + n % 8, 15))
        channel, summary, outcome = TALKS[n % len(TALKS)]
        offer = ((OFFERS[n // 7 % len(OFFERS)], f"{120 + n * 37 % 400}000.00", "RUB")
                 if n % 7 == 0 else ("", None, ""))
        services.filing.log_contact(dossier_id, ContactLog(channel, summary, outcome, *offer))
    clock.set_today(TODAY)
    clock.set_time(time(8, 30))
    services.filing.schedule(dossier_id, NextStep(
        TODAY, "11:30", "Встреча: договор на обслуживание на 2027 год", "high", True))
    topics = ["площадь склада, м²", "количество складов", "поставщик плёнки",
              "объём в месяц"] * 10
    template = services.forms.save_template("Аудит склада", [
        {"name": f"q{n + 1}", "label": f"{n + 1}. {topic}", "type": "text",
         "required": n < 2} for n, topic in enumerate(topics)])
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {f"q{n + 1}": f"ответ {n + 1}" for n in range(40)
                                  if n % 3 != 2})
    return dossier_id


def main(out: Path) -> None:
    set_locale("en_US")
    folder = Path(tempfile.mkdtemp())
    clock = FixedClock(TODAY)
    services = open_services(folder / "binder.rbinder", clock, create=True)
    services.settings.update(owner_name="Anna Nowak")
    dossier_id = extreme(services, clock)
    card = folder / "card-extreme.pdf"
    services.printing.card(dossier_id, card, "A4")
    services.close()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1",
                    str(card), str(out / "card-extreme")], check=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots"))
