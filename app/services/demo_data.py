"""Word pools for the demo binder, per language, so the demo reads like a real salesperson's."""

from __future__ import annotations

from app.i18n import N_

# Faker locale, phone country code, mobile prefix digits, national number length, format
LOCALES = {
    "es": ("es_ES", "34", "67", 9, "+34 {0}{1}{2} {3}{4} {5}{6} {7}{8}"),
    "pl": ("pl_PL", "48", "5678", 9, "+48 {0}{1}{2} {3}{4}{5} {6}{7}{8}"),
    "ru": ("ru_RU", "7", "9", 10, "+7 {0}{1}{2} {3}{4}{5}-{6}{7}-{8}{9}"),
    "en": ("en_GB", "44", "7", 10, "+44 {0}{1}{2}{3} {4}{5}{6}{7}{8}{9}"),
}
# mobile prefixes whose numbers phonenumbers accepts as valid, whatever digits follow
# (not Spanish 75-77 and 79, nor British 7700 and 7911: those ranges are partly unassigned)
MOBILE_PREFIXES = {
    "es": ("60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "71", "72", "73", "74"),
    "pl": ("50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"),
    "ru": ("91", "92", "95", "96", "98"), "en": ("74", "75", "78"),
}

# "masculine|feminine" where the language makes the title agree with the person
POSITIONS = {
    "es": ["Director de compras|Directora de compras", "Jefe de compras|Jefa de compras",
           "Gerente general", "Director comercial|Directora comercial",
           "Responsable de logística", "Director financiero|Directora financiera",
           "Jefe de mantenimiento|Jefa de mantenimiento", "Administrador|Administradora",
           "Director de operaciones|Directora de operaciones",
           "Técnico de compras|Técnica de compras"],
    "pl": ["Kierownik zakupów|Kierowniczka zakupów", "Dyrektor handlowy|Dyrektorka handlowa",
           "Prezes zarządu|Prezeska zarządu", "Specjalista ds. zakupów|Specjalistka ds. zakupów",
           "Kierownik biura|Kierowniczka biura", "Dyrektor finansowy|Dyrektorka finansowa",
           "Główny księgowy|Główna księgowa", "Kierownik logistyki|Kierowniczka logistyki",
           "Właściciel|Właścicielka", "Kierownik produkcji|Kierowniczka produkcji"],
    "ru": ["Менеджер по закупкам", "Генеральный директор", "Коммерческий директор",
           "Главный бухгалтер", "Начальник отдела снабжения", "Руководитель отдела логистики",
           "Финансовый директор", "Главный инженер", "Заместитель директора", "Владелец"],
    "en": ["Purchasing Manager", "Managing Director", "Head of Procurement", "Office Manager",
           "Operations Director", "Finance Director", "Facilities Manager", "Owner",
           "Buyer", "Head of Logistics"],
}

PRODUCTS = {
    "es": ["la nueva línea de embalaje", "el contrato de mantenimiento", "los repuestos",
           "el pedido trimestral", "la ampliación del almacén", "el servicio de transporte"],
    "pl": ["nową linię opakowań", "umowę serwisową", "części zamienne", "zamówienie kwartalne",
           "rozbudowę magazynu", "usługi transportowe"],
    "ru": ["новую линию упаковки", "договор на обслуживание", "запчасти", "квартальный заказ",
           "расширение склада", "транспортные услуги"],
    "en": ["the new packaging line", "the maintenance contract", "spare parts",
           "the quarterly order", "the warehouse extension", "transport services"],
}

# each client's time zone, from their language (the English clients are British: +44 phones)
ZONES = {"es": "Europe/Madrid", "pl": "Europe/Warsaw", "ru": "Europe/Moscow",
         "en": "Europe/London"}

# what a contact was about, by channel: a call never reads as a visit, an e-mail as an e-mail
SUMMARIES = {
    "es": {
        "call": ["Llamada sobre {p}", "Seguimiento del presupuesto para {p}",
                 "Llamada: precio para {p}", "Llamada corta: dudas sobre {p}"],
        "visit": ["Visita a la planta, hablamos sobre {p}", "Visita: presenté {p}",
                  "Visita: recorrimos el almacén hablando sobre {p}"],
        "meeting": ["Reunión con la dirección sobre {p}", "Reunión en nuestra oficina sobre {p}",
                    "Reunión con compras sobre {p}"],
        "email": ["Correo: enviado el presupuesto para {p}",
                  "Correo: respuestas sobre {p}",
                  "Correo del cliente sobre {p}", "Envié por correo el catálogo con {p}"],
        "letter": ["Carta con el contrato para {p}", "Enviada por correo postal la tarifa",
                   "Carta con las condiciones para {p}"],
    },
    "pl": {
        "call": ["Telefon: pytania o {p}", "Zadzwoniłem w sprawie oferty na {p}",
                 "Telefon: omówiliśmy {p}", "Krótki telefon w sprawie terminu"],
        "visit": ["Wizyta w zakładzie, pokazałem {p}",
                  "Wizyta u klienta: oferta na {p}",
                  "Wizyta: obejrzeliśmy magazyn, pytania o {p}"],
        "meeting": ["Spotkanie z zarządem: oferta na {p}",
                    "Spotkanie u nas w biurze, omówiliśmy {p}",
                    "Spotkanie z działem zakupów, omówiliśmy {p}"],
        "email": ["E-mail: wysłałem kosztorys na {p}", "Odpisałem e-mailem na pytania o {p}",
                  "E-mail od klienta: pytania o {p}", "Wysłałem e-mailem katalog z ofertą na {p}"],
        "letter": ["List z umową na {p}", "Wysłałem pocztą nowy cennik",
                   "List z warunkami współpracy, oferta na {p}"],
    },
    "ru": {
        "call": ["Звонок: обсудили {p}", "Созвонились по смете на {p}",
                 "Позвонил, уточнил сроки на {p}", "Короткий звонок: вопросы про {p}"],
        "visit": ["Визит на производство, показал {p}", "Визит в офис клиента, обсудили {p}",
                  "Визит: осмотрели склад, обсудили {p}"],
        "meeting": ["Встреча с руководством: предложение на {p}",
                    "Встреча у нас в офисе, обсудили {p}",
                    "Встреча с закупками, обсудили {p}"],
        "email": ["Письмо: отправил смету на {p}", "Ответил письмом на вопросы про {p}",
                  "Письмо от клиента: вопросы про {p}",
                  "Отправил по e-mail каталог и смету на {p}"],
        "letter": ["Отправил почтой проект договора", "Отправил почтой новый прайс",
                   "Отправил почтой условия поставки на {p}"],
    },
    "en": {
        "call": ["Called about {p}", "Phoned to follow up the quote for {p}",
                 "Phone call: went through {p}", "Short call: questions about {p}"],
        "visit": ["Visited the plant and showed {p}", "Visit to their office about {p}",
                  "Visit: toured their warehouse"],
        "meeting": ["Meeting with the board about {p}", "Meeting at our office about {p}",
                    "Meeting with purchasing about {p}"],
        "email": ["E-mail: sent the quote for {p}", "E-mail: answered questions on {p}",
                  "E-mail from the client about {p}", "E-mailed the brochure for {p}"],
        "letter": ["Posted the contract for {p}", "Posted the new price list",
                   "Letter with our terms for {p}"],
    },
}

# outcomes along the way: any channel, then those only a channel can have
OUTCOMES = {
    "es": ["Interesado, pide una oferta por escrito", "Lo consulta con su director",
           "Quiere un descuento del 5 %", "Prefiere esperar al próximo trimestre",
           "Pide referencias de otros clientes", "Lo compara con su proveedor actual"],
    "pl": ["Zainteresowany, prosi o ofertę na piśmie", "Skonsultuje z dyrektorem",
           "Oczekuje rabatu 5 %", "Woli poczekać do następnego kwartału",
           "Prosi o referencje od innych klientów", "Porówna z obecnym dostawcą"],
    "ru": ["Заинтересован, просит письменное предложение", "Согласует с директором",
           "Хочет скидку 5 %", "Предпочитает подождать до следующего квартала",
           "Просит отзывы других клиентов", "Сравнит с текущим поставщиком"],
    "en": ["Interested, wants a written offer", "Will check with the director",
           "Asks for a 5 % discount", "Prefers to wait for next quarter",
           "Asks for references from other clients", "Comparing with their current supplier"],
}
CHANNEL_OUTCOMES = {
    "es": {"call": ["No estaba, volver a llamar", "Llamar de nuevo después del cierre mensual"],
           "email": ["Sin respuesta todavía", "Contestó: lo revisan la semana que viene"],
           "visit": ["Nos enseñó el almacén: necesitan más capacidad"],
           "meeting": ["Conocimos a la nueva jefa de compras"], "letter": []},
    "pl": {"call": ["Nie było go, oddzwonić", "Zadzwonić po zamknięciu miesiąca"],
           "email": ["Brak odpowiedzi", "Odpisał: przejrzą w przyszłym tygodniu"],
           "visit": ["Pokazał magazyn: potrzebują więcej miejsca"],
           "meeting": ["Poznaliśmy nową kierowniczkę zakupów"], "letter": []},
    "ru": {"call": ["Не было на месте, перезвонить", "Перезвонить после закрытия месяца"],
           "email": ["Ответа пока нет", "Ответил: посмотрят на следующей неделе"],
           "visit": ["Показал склад: им не хватает мощностей"],
           "meeting": ["Познакомились с новым начальником снабжения"], "letter": []},
    "en": {"call": ["Not available, call back", "Call again after the month-end close"],
           "email": ["No reply yet", "Replied: they will look at it next week"],
           "visit": ["Showed us the warehouse: they need more capacity"],
           "meeting": ["Met the new head of purchasing"], "letter": []},
}
ORDER_OUTCOMES = {
    "es": ["Pedido confirmado", "Contrato firmado"],
    "pl": ["Zamówienie potwierdzone", "Umowa podpisana"],
    "ru": ["Заказ подтверждён", "Договор подписан"],
    "en": ["Order confirmed", "Contract signed"],
}
LOST_OUTCOMES = {
    "es": ["Se queda con la competencia", "No hay presupuesto este año", "Ya no le interesa"],
    "pl": ["Wybrali konkurencję", "Brak budżetu w tym roku", "Już nie są zainteresowani"],
    "ru": ["Выбрали конкурента", "В этом году нет бюджета", "Больше не интересно"],
    "en": ["Went with a competitor", "No budget this year", "No longer interested"],
}

# offers: free ones (samples, a demo, a trial) carry no amount; priced ones do
FREE_OFFERS = {
    "es": ["Muestras gratuitas", "Demostración gratuita en sus instalaciones",
           "Un mes de prueba sin coste"],
    "pl": ["Bezpłatne próbki", "Bezpłatna prezentacja u klienta", "Miesiąc testów za darmo"],
    "ru": ["Бесплатные образцы", "Бесплатная демонстрация у клиента",
           "Месяц тестирования бесплатно"],
    "en": ["Free samples", "Free on-site demonstration", "A month's free trial"],
}
PRICED_OFFERS = {
    "es": ["Oferta con 3 % de descuento", "Presupuesto para {p}",
           "Precio anual con mantenimiento incluido"],
    "pl": ["Oferta z rabatem 3 %", "Kosztorys na {p}", "Cena roczna z serwisem"],
    "ru": ["Предложение со скидкой 3 %", "Смета на {p}", "Годовая цена с обслуживанием"],
    "en": ["Offer with a 3 % discount", "Quote for {p}", "Annual price, maintenance included"],
}
# a priced offer's amount: euros drawn, then in the client's currency, rounded to `step`
CURRENCIES = {"es": "EUR", "pl": "PLN", "ru": "RUB", "en": "GBP"}
RATES = {"es": (1.0, 10), "pl": (4.3, 10), "ru": (95.0, 1000), "en": (0.85, 10)}
# a proposal's file name begins with (the month and the client's surname follow)
PROPOSAL_NAMES = {"es": "Oferta", "pl": "Oferta", "ru": "Предложение", "en": "Proposal"}

PURPOSES = {
    "es": ["Visita comercial", "Presentar la nueva tarifa", "Llamar para ver cómo va"],
    "pl": ["Wizyta handlowa", "Przedstawić nowy cennik", "Zadzwonić, jak idzie współpraca"],
    "ru": ["Встреча с клиентом", "Представить новый прайс", "Позвонить, узнать как дела"],
    "en": ["Sales visit", "Present the new price list", "Call to see how things are going"],
}
# the next step after a priced offer
OFFER_PURPOSES = {
    "es": ["Llamar por el presupuesto", "Confirmar el pedido"],
    "pl": ["Zadzwonić w sprawie oferty", "Potwierdzić zamówienie"],
    "ru": ["Позвонить по смете", "Подтвердить заказ"],
    "en": ["Call about the quote", "Confirm the order"],
}
# a prospect's next step: nothing was offered yet
FIRST_PURPOSES = {
    "es": ["Primera llamada", "Presentar la empresa", "Pedir una cita"],
    "pl": ["Pierwszy telefon", "Przedstawić firmę", "Umówić spotkanie"],
    "ru": ["Первый звонок", "Представить компанию", "Договориться о встрече"],
    "en": ["First call", "Introduce the company", "Ask for a meeting"],
}
# a dormant client's: a word after a long silence
WAKE_PURPOSES = {
    "es": ["Retomar el contacto", "Preguntar por los planes del año"],
    "pl": ["Odnowić kontakt", "Zapytać o plany na ten rok"],
    "ru": ["Возобновить контакт", "Узнать планы на год"],
    "en": ["Get back in touch", "Ask about this year's plans"],
}

# (what became of the client, why it was archived): the reason is written in the user's language
ARCHIVE_REASONS = [("won", N_("won: contract signed")),
                   ("lost", N_("lost: went with a competitor")),
                   ("lost", N_("not interested")), ("lost", N_("company closed"))]
