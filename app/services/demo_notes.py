"""Sentences a salesperson writes in a demo client's notes, per language: short remarks, and
the longer kind (how to get there, the competitor's offer, who decides, small talk) that
make a note of a paragraph or two. The demo draws and joins them (demo.notes)."""

from __future__ import annotations

SHORT = {
    "es": ["Prefiere que le llamen por la mañana.", "Paga a 60 días.",
           "En recepción, preguntar por Marta.", "No llamar los viernes por la tarde.",
           "Cliente desde 2019, muy fiel.", "Habla rápido: confirmar todo por correo.",
           "Quiere siempre dos presupuestos para comparar.", "Aparcar en la calle de atrás.",
           "Cierran en agosto.", "La factura va a nombre de la matriz."],
    "pl": ["Woli telefony przed południem.", "Płaci w terminie 60 dni.",
           "W recepcji pytać o panią Martę.", "Nie dzwonić w piątki po południu.",
           "Klient od 2019 roku, bardzo lojalny.", "Mówi szybko: wszystko potwierdzać mailem.",
           "Zawsze chce dwie oferty do porównania.", "Parkować od tyłu budynku.",
           "W sierpniu mają przestój.", "Faktura na spółkę matkę."],
    "ru": ["Лучше звонить до обеда.", "Оплата через 60 дней.",
           "На ресепшене спросить Марину.", "Не звонить в пятницу после обеда.",
           "Клиент с 2019 года, очень лояльный.", "Говорит быстро: всё подтверждать письмом.",
           "Всегда просит два предложения для сравнения.", "Парковка со двора.",
           "В августе у них простой.", "Счёт выставлять на головную компанию."],
    "en": ["Prefers calls in the morning.", "Pays at 60 days.",
           "Ask for Martha at reception.", "Never call on Friday afternoons.",
           "A client since 2019, very loyal.", "Talks fast: confirm everything by e-mail.",
           "Always wants two quotes to compare.", "Park round the back.",
           "They shut down for two weeks in August.", "Invoices go to the parent company."],
}

# (directions, the competitor, who decides, small talk): a long note takes from several
LONG = {
    "es": [
        ["La oficina está en el polígono industrial, nave 14, al fondo a la derecha; la "
         "entrada de visitas es la puerta azul, no la del muelle de carga.",
         "Desde la autovía, salida 23, segunda rotonda a la izquierda. El GPS lleva a la "
         "entrada de camiones: hay que rodear la nave y llamar al timbre de oficinas.",
         "Aparcamiento para visitas frente a la báscula; en recepción piden el DNI y dan "
         "una tarjeta que hay que devolver al salir."],
        ["Ahora trabajan con la competencia, que les ofrece un 8 % de descuento y entrega en "
         "48 horas, pero se quejan del servicio técnico: tardaron tres semanas en una "
         "reparación.",
         "Nos han enseñado la oferta de la competencia: más barata en el equipo, pero con el "
         "mantenimiento aparte. Con el contrato de mantenimiento incluido salimos mejor a "
         "tres años.",
         "Su proveedor actual sube precios en enero; es el momento de presentar la tarifa "
         "anual cerrada."],
        ["Decide el director general, pero no firma nada sin el visto bueno del jefe de "
         "mantenimiento, que es quien usa las máquinas.",
         "Las compras de más de 20.000 € pasan por el consejo, que se reúne el primer lunes "
         "de cada mes: el presupuesto tiene que estar en su mesa la semana anterior.",
         "Finanzas exige tres presupuestos para cualquier compra; el nuestro suele ser el "
         "de referencia."],
        ["Tiene dos hijos que juegan al baloncesto; el mayor acaba de empezar la "
         "universidad en Valencia.",
         "Le encanta el ciclismo: los domingos sale con un grupo por la sierra. Preguntar "
         "por la marcha de primavera.",
         "Es del Athletic y lo dice en cuanto puede; no hablar de fútbol los lunes si han "
         "perdido."],
    ],
    "pl": [
        ["Biuro jest w strefie przemysłowej, hala 14, na końcu po prawej; wejście dla gości "
         "to niebieskie drzwi, nie rampa załadunkowa.",
         "Z obwodnicy zjazd 23, na drugim rondzie w lewo. Nawigacja prowadzi do bramy dla "
         "ciężarówek: trzeba objechać halę i zadzwonić do biura.",
         "Parking dla gości naprzeciw wagi; w recepcji proszą o dowód i wydają przepustkę, "
         "którą trzeba oddać przy wyjściu."],
        ["Teraz pracują z konkurencją, która daje 8 % rabatu i dostawę w 48 godzin, ale "
         "narzekają na serwis: naprawa trwała trzy tygodnie.",
         "Pokazali nam ofertę konkurencji: tańsze urządzenie, ale serwis liczony osobno. Z "
         "umową serwisową w cenie wychodzimy korzystniej w perspektywie trzech lat.",
         "Obecny dostawca podnosi ceny od stycznia; to dobry moment na roczny cennik ze "
         "stałą ceną."],
        ["Decyduje prezes, ale nic nie podpisze bez zgody kierownika utrzymania ruchu, który "
         "pracuje na tych maszynach.",
         "Zakupy powyżej 80 000 zł idą przez zarząd, który zbiera się w pierwszy poniedziałek "
         "miesiąca: oferta musi być u nich tydzień wcześniej.",
         "Dział finansów wymaga trzech ofert przy każdym zakupie; nasza zwykle jest punktem "
         "odniesienia."],
        ["Ma dwóch synów, którzy grają w koszykówkę; starszy właśnie zaczął studia we "
         "Wrocławiu.",
         "Uwielbia rower: w niedziele jeździ z grupą po Beskidach. Zapytać o wiosenny "
         "maraton.",
         "Kibic Lecha i chętnie o tym mówi; w poniedziałek po przegranej lepiej nie zaczynać "
         "od piłki."],
    ],
    "ru": [
        ["Офис в промзоне, корпус 14, в самом конце справа; вход для посетителей через "
         "синюю дверь, не через погрузочную рампу.",
         "С кольцевой съезд 23, на втором круге налево. Навигатор ведёт к воротам для фур: "
         "нужно объехать корпус и позвонить в офис.",
         "Гостевая парковка напротив весовой; на проходной просят паспорт и выдают пропуск, "
         "его нужно сдать на выходе."],
        ["Сейчас работают с конкурентом: у того скидка 8 % и доставка за 48 часов, но "
         "жалуются на сервис — ремонт занял три недели.",
         "Показали предложение конкурента: оборудование дешевле, но обслуживание отдельно. С "
         "договором на обслуживание в цене мы выгоднее на горизонте трёх лет.",
         "Их поставщик с января поднимает цены; самое время предложить годовой прайс с "
         "фиксированной ценой."],
        ["Решает генеральный директор, но без согласия главного механика, который работает на "
         "этих станках, ничего не подпишет.",
         "Закупки дороже 2 млн руб. утверждает совет директоров, он собирается в первый "
         "понедельник месяца: смета должна быть у них за неделю.",
         "Финансовый отдел требует три предложения на любую закупку; наше обычно служит "
         "ориентиром."],
        ["Двое сыновей играют в баскетбол; старший только что поступил в университет в "
         "Казани.",
         "Увлекается велосипедом: по воскресеньям катается с группой за городом. Спросить про "
         "весенний веломарафон.",
         "Болеет за «Зенит» и охотно об этом говорит; в понедельник после проигрыша о футболе "
         "лучше не начинать."],
    ],
    "en": [
        ["The office is on the industrial estate, unit 14, at the far end on the right; "
         "visitors use the blue door, not the loading bay.",
         "From the ring road take exit 23, left at the second roundabout. The satnav takes you "
         "to the lorry gate: drive round the building and ring the office bell.",
         "Visitor parking is opposite the weighbridge; reception asks for photo ID and hands "
         "out a pass that must be returned on the way out."],
        ["They work with a competitor at the moment, who gives 8 % off and 48-hour delivery, "
         "but they complain about the service: a repair took three weeks.",
         "They showed us the competitor's offer: cheaper equipment, but maintenance charged "
         "separately. With the maintenance contract included we come out ahead over three "
         "years.",
         "Their current supplier puts prices up in January; a good moment to present the "
         "fixed annual price list."],
        ["The managing director decides, but signs nothing without the maintenance manager, "
         "who runs the machines.",
         "Purchases over £20,000 go to the board, which meets on the first Monday of the "
         "month: the quote must be on their desk the week before.",
         "Finance wants three quotes for any purchase; ours is usually the one the others are "
         "measured against."],
        ["Two sons who play basketball; the elder has just started university in Leeds.",
         "Keen cyclist: rides with a club in the Dales on Sundays. Ask about the spring "
         "sportive.",
         "A Newcastle supporter and says so at every turn; don't open with football on a "
         "Monday after a defeat."],
    ],
}
