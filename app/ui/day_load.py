"""How full a day is, said beside the date the user is about to file under: a pill with the
count and the capacity in the tab strip's load colours, and, when a day has no room left,
the question a drop onto its tab asks (file on the nearest day with room, or here anyway).
A refile never overloads a day without a word."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QPushButton, QWidget

from app.binder.capacity import Load
from app.date_input import describe
from app.i18n import _, n_
from app.services.loads import DayLoad
from app.ui import theme

if TYPE_CHECKING:
    from app.services import Services


def day_label(day: date, today: date | None = None) -> str:
    """'Thu 26 Nov' (with the year when it is not `today`'s), as the date field says it."""
    return describe(day, today or day)


def pill_text(load: DayLoad) -> str:
    """'12/20', or '12' when the binder sets no daily capacity."""
    return f"{load.count}/{load.capacity}" if load.capacity > 0 else str(load.count)


def full_text(load: DayLoad, day_name: str) -> str:
    """What is said of a day that has no room for one more dossier."""
    text = n_("{date} is full: {filed} of {count} dossier a day already.",
              "{date} is full: {filed} of {count} dossiers a day already.",
              load.capacity, date=day_name, filed=load.count)
    return text[:1].upper() + text[1:]  # a sentence, though some languages write "śr. 25 lis"


class LoadPill(QLabel):
    """A day's count and capacity on the colour of its load, as its tab's band shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.load: DayLoad | None = None

    def show_load(self, load: DayLoad | None) -> None:
        self.load = load
        self.setVisible(load is not None)
        if load is None:
            return
        self.setText(pill_text(load))
        colour = theme.LOAD_COLOURS[load.level]
        border = colour.darker(125).name() if colour.alpha() else theme.TAB_BORDER.name()
        background = colour.name() if colour.alpha() else "transparent"
        self.setStyleSheet(f"QLabel {{ background: {background}; border: 1px solid {border}; "
                           f"border-radius: 3px; padding: 0px 5px; color: {theme.TEXT.name()}; }}")
        self.setToolTip(n_("{filed} filed; room for {count} dossier a day",
                           "{filed} filed; room for {count} dossiers a day", load.capacity,
                           filed=load.count) if load.capacity > 0
                        else n_("{count} dossier filed", "{count} dossiers filed", load.count))


def full_day_question(parent: QWidget, services: Services, day: date, ids: Sequence[str],
                      file: Callable[[date], None]) -> QMessageBox | None:
    """The question to ask before dossiers dropped on a day's tab put it over its capacity
    (None when the day has room for them): file them on the nearest day with room (the
    default button), here anyway, or nowhere (Esc).  `file` is called with the day chosen;
    the box is to be opened window-modal with open(), so nothing waits on it."""
    load = services.loads.load(day)
    if load.after_adding(len(ids)).level is not Load.OVER:
        return None
    more = sum(1 for s in services.filing.schedules(ids) if s.date != day)
    if load.after_adding(more).level is not Load.OVER:
        return None
    nearest = services.loads.nearest_with_room(day, more=more)
    today = services.clock.today()
    text = n_("{count} dossier would go on {date}, which has {filed} of {capacity} a day "
              "already.",
              "{count} dossiers would go on {date}, which has {filed} of {capacity} a day "
              "already.", more, date=day_label(day, today), filed=load.count,
              capacity=load.capacity)
    box = QMessageBox(QMessageBox.Icon.Question, _("The day is full"), text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    answers: list[tuple[QPushButton, date]] = []
    if nearest is None:
        box.setInformativeText(_("No day in the next two months has room."))
    else:
        answers.append((box.addButton(_("File on {date} &instead").format(
            date=day_label(nearest, today)), QMessageBox.ButtonRole.AcceptRole), nearest))
    answers.append((box.addButton(_("File &here anyway"), QMessageBox.ButtonRole.AcceptRole),
                    day))
    box.setDefaultButton(answers[0][0])

    def answered(clicked: QAbstractButton) -> None:
        for button, when in answers:
            if button is clicked:
                file(when)

    box.buttonClicked.connect(answered)
    return box
