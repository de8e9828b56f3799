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

SUMMARIES = {
    "es": ["Presentación de {p}", "Preguntas sobre {p}", "Revisamos la oferta para {p}",
           "Negociación del precio de {p}", "Seguimiento del presupuesto de {p}",
           "Visita a la planta: {p}"],
    "pl": ["Prezentacja: {p}", "Pytania o {p}", "Omówienie oferty na {p}",
           "Negocjacje ceny za {p}", "Kontynuacja rozmowy o {p}", "Wizyta w zakładzie: {p}"],
    "ru": ["Презентация: {p}", "Вопросы про {p}", "Обсудили предложение на {p}",
           "Переговоры о цене на {p}", "Продолжение разговора про {p}",
           "Визит на производство: {p}"],
    "en": ["Presented {p}", "Questions about {p}", "Went through the offer for {p}",
           "Negotiated the price of {p}", "Follow-up on the quote for {p}",
           "Site visit: {p}"],
}

OUTCOMES = {
    "es": ["Interesado, pide una oferta por escrito", "Llamar de nuevo después del cierre mensual",
           "Lo consulta con su director", "Quiere un descuento del 5 %", "Pedido confirmado",
           "No está disponible, volver a llamar", "Prefiere esperar al próximo trimestre"],
    "pl": ["Zainteresowany, prosi o ofertę na piśmie", "Zadzwonić po zamknięciu miesiąca",
           "Skonsultuje z dyrektorem", "Oczekuje rabatu 5 %", "Zamówienie potwierdzone",
           "Nie było go, oddzwonić", "Woli poczekać do następnego kwartału"],
    "ru": ["Заинтересован, просит письменное предложение", "Перезвонить после закрытия месяца",
           "Согласует с директором", "Хочет скидку 5 %", "Заказ подтверждён",
           "Не было на месте, перезвонить", "Предпочитает подождать до следующего квартала"],
    "en": ["Interested, wants a written offer", "Call again after the month-end close",
           "Will check with the director", "Asks for a 5 % discount", "Order confirmed",
           "Not available, call back", "Prefers to wait for next quarter"],
}

OFFERS = {
    "es": ["Oferta con 3 % de descuento", "Presupuesto enviado por correo", "Muestras gratuitas"],
    "pl": ["Oferta z rabatem 3 %", "Kosztorys wysłany e-mailem", "Bezpłatne próbki"],
    "ru": ["Предложение со скидкой 3 %", "Смета отправлена по почте", "Бесплатные образцы"],
    "en": ["Offer with a 3 % discount", "Estimate sent by e-mail", "Free samples"],
}

PURPOSES = {
    "es": ["Llamar por el presupuesto", "Confirmar el pedido", "Visita comercial",
           "Presentar la nueva tarifa"],
    "pl": ["Zadzwonić w sprawie oferty", "Potwierdzić zamówienie", "Wizyta handlowa",
           "Przedstawić nowy cennik"],
    "ru": ["Позвонить по смете", "Подтвердить заказ", "Встреча с клиентом",
           "Представить новый прайс"],
    "en": ["Call about the quote", "Confirm the order", "Sales visit",
           "Present the new price list"],
}

# (what became of the client, why it was archived): the reason is written in the user's language
ARCHIVE_REASONS = [("won", N_("won: contract signed")),
                   ("lost", N_("lost: went with a competitor")),
                   ("lost", N_("not interested")), ("lost", N_("company closed"))]
CURRENCIES = {"es": "EUR", "pl": "PLN", "ru": "RUB", "en": "GBP"}
