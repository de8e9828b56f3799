"""Settings → Binder settings…: the binder's own settings (the strip's shape, the day's
capacity, holidays, phones, money) and the user's reminder lead, in one form.

The binder's part is written in one go through the change path, so the strip, the list and
the status line follow; a refused value is shown under its field and nothing is written.
The lead belongs to the user, not to the binder (app/preferences.py), so it is set apart
and kept when another binder is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import preferences
from app.binder import TabMode
from app.errors import RingbinderError
from app.i18n import _, n_, territory
from app.services import Services
from app.services.settings import Settings, holiday_countries
from app.ui.operations import BinderBridge, bridge_of

if TYPE_CHECKING:
    from app.ui.host import Parts
    from app.ui.tray import Reminders

ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: palette(mid);"


class CountSpin(QSpinBox):
    """A spin box that says what it counts ("1 day", "5 days") in the language in force,
    plural forms included, which a fixed suffix cannot."""

    def __init__(self, text: Callable[[int], str], minimum: int, maximum: int,
                 special: str = "") -> None:
        super().__init__()
        self._text = text
        self.setRange(minimum, maximum)
        if special:
            self.setSpecialValueText(special)

    def textFromValue(self, value: int) -> str:
        return self._text(value)

    def valueFromText(self, text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else self.minimum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = "".join(ch for ch in text if ch.isdigit())
        if text == self.specialValueText() or (
                digits and self.minimum() <= int(digits) <= self.maximum()):
            state = QValidator.State.Acceptable
        elif digits:
            state = QValidator.State.Invalid
        else:
            state = QValidator.State.Intermediate
        return state, text, pos


def _note(text: str, style: str = NOTE_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class SettingsDialog(QDialog):
    """Signals: leadChanged(minutes) once a new reminder lead is saved."""

    leadChanged = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.setWindowTitle(_("Binder settings"))
        self.setMinimumWidth(520)
        current = services.settings.get()
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self._titles: list[QLabel] = []
        self._layout = layout = QVBoxLayout(self)

        if services.readonly:  # above the greyed part, in plain words
            layout.addWidget(_note(_(
                "The binder is open read-only: its settings are shown, and can be changed "
                "where it is open for writing."), ""))
        self.binder = QGroupBox(_("This binder: {name}").format(name=services.path.name))
        form = QFormLayout(self.binder)
        self.owner = QLineEdit(current.owner_name)
        self.tab_mode = QComboBox()
        self.tab_mode.addItem(_("A tab for every day"), TabMode.CALENDAR.value)
        self.tab_mode.addItem(_("Working days only"), TabMode.WORKING_DAYS.value)
        self.tab_mode.setCurrentIndex(self.tab_mode.findData(current.tab_mode.value))
        self.horizon = CountSpin(lambda n: n_("{count} month", "{count} months", n), 1, 3)
        self.horizon.setValue(current.horizon_months)
        self.capacity = CountSpin(
            lambda n: n_("{count} dossier a day", "{count} dossiers a day", n), 0, 10_000,
            _("No limit"))
        self.capacity.setValue(current.daily_capacity)
        self.country = QComboBox()
        self.country.setMaxVisibleItems(16)
        self.country.addItem(_("None (weekends only)"), "")
        for code, name in holiday_countries():
            self.country.addItem(f"{name} ({code})", code)
        if current.holiday_country and self.country.findData(current.holiday_country) < 0:
            self.country.addItem(current.holiday_country, current.holiday_country)  # an alias
        self.country.setCurrentIndex(max(0, self.country.findData(current.holiday_country)))
        self.region = QLineEdit(current.phone_region)
        self.region_note = _note("")
        self.currency = QLineEdit(current.currency)
        self.recent = CountSpin(lambda n: n_("{count} day", "{count} days", n), 0, 365)
        self.recent.setValue(current.recent_days)
        for short in (self.region, self.currency):
            short.setMaximumWidth(self.fontMetrics().horizontalAdvance("M" * 12))
        self._row(form, "owner_name", _("Owner's &name"), self.owner)
        self._row(form, "tab_mode", _("&Tabs"), self.tab_mode)
        self._row(form, "horizon_months", _("Hori&zon"), self.horizon,
                  _("How far ahead working days get their own tab; later months have one "
                    "tab each."))
        self._row(form, "daily_capacity", _("Daily ca&pacity"), self.capacity,
                  _("A day with more is marked, and can be rebalanced."))
        self._row(form, "holiday_country", _("&Holidays"), self.country,
                  _("Public holidays are days off, like weekends."))
        self._row(form, "phone_region", _("Phone &region"), self.region, self.region_note)
        self._row(form, "currency", _("C&urrency"), self.currency)
        self._row(form, "recent_days", _("&Just agreed"), self.recent,
                  _("A next contact set this recently stays put when a day is rebalanced "
                    "(0: every date may move)."))
        self.binder.setEnabled(not services.readonly)
        layout.addWidget(self.binder)

        mine = QGroupBox(_("Your preference, in every binder"))
        form = QFormLayout(mine)
        self.lead = CountSpin(
            lambda n: n_("{count} minute before", "{count} minutes before", n), 0,
            preferences.REMINDER_LEAD_MAX, _("At the agreed time"))
        self.lead.setValue(preferences.reminder_lead())
        self._row(form, "reminder_lead", _("Re&mind me"), self.lead,
                  _("Of an appointment with an agreed time."))
        layout.addWidget(mine)
        width = max(title.sizeHint().width() for title in self._titles)
        for title in self._titles:  # the two forms' fields in one column, as one form's
            title.setMinimumWidth(width)
        layout.addStretch(1)

        self.message = _note("", ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.tab_mode.currentIndexChanged.connect(self._mode_chosen)
        self.country.currentIndexChanged.connect(self._show_region)
        self._mode_chosen()
        self._show_region()
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, self.heightForWidth(width))

    def _fit(self) -> None:
        """Taller when refusals are shown under the fields: Qt sizes a window by its
        narrowest hint, and a wrapped line would be cut off."""
        self._layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _row(self, form: QFormLayout, name: str, label: str, field: QWidget,
             note: str | QLabel = "") -> None:
        """A field with its note and, hidden until needed, why its value is refused."""
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        if isinstance(note, QLabel):
            box.addWidget(note)
        elif note:
            box.addWidget(_note(note))
        error = _note("", ERROR_STYLE)
        error.hide()
        box.addWidget(error)
        title = QLabel(label)
        title.setBuddy(field)
        form.addRow(title, column)
        self._titles.append(title)
        self.fields[name], self.errors[name] = field, error

    def _mode_chosen(self) -> None:
        """The horizon counts only in working-days mode."""
        self.horizon.setEnabled(self.tab_mode.currentData() == TabMode.WORKING_DAYS.value)

    def _show_region(self) -> None:
        """An empty region is the holiday country's, else the locale's: said, and greyed
        in the field."""
        country = str(self.country.currentData() or "")
        if len(country) == 2:
            region = country
            text = _("Where a phone number typed without +code belongs; left empty: the "
                     "holidays' country, {region}.")
        else:
            region = territory() or ""
            text = _("Where a phone number typed without +code belongs; left empty: your "
                     "locale's country, {region}.")
        if not self.services.readonly:  # a greyed field would seem to hold it
            self.region.setPlaceholderText(region)
        self.region_note.setText(text.format(region=region or "—"))

    def values(self) -> dict[str, object]:
        """The binder's settings as the form shows them."""
        return {"owner_name": self.owner.text().strip(),
                "tab_mode": self.tab_mode.currentData(),
                "horizon_months": self.horizon.value(),
                "daily_capacity": self.capacity.value(),
                "holiday_country": str(self.country.currentData() or ""),
                "phone_region": self.region.text().strip(),
                "currency": self.currency.text().strip(),
                "recent_days": self.recent.value()}

    def changed(self) -> dict[str, object]:
        """The binder's settings the user changed (none on a read-only binder)."""
        if self.services.readonly:
            return {}
        current = self.services.settings.get()
        stored = {name: _stored(current, name) for name in self.values()}
        return {name: value for name, value in self.values().items()
                if value != stored[name]}

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        first = next((self.fields[n] for n in self.errors if n in problems), None)
        if first is not None:
            first.setFocus()
        self._fit()

    def confirm(self) -> None:
        """Check everything first, then the preference, then the binder in one write: a
        refusal anywhere changes nothing."""
        self.message.hide()
        changes = self.changed()
        problems = self.services.settings.problems(**changes) if changes else {}
        self.show_problems(problems)
        if problems:
            return
        lead, old_lead = self.lead.value(), preferences.reminder_lead()
        if lead != old_lead:
            try:
                preferences.save(reminder_lead=lead)
            except OSError as exc:
                self.show_problems({"reminder_lead": _(
                    "The preference could not be saved: {error}").format(error=exc.strerror
                                                                        or exc)})
                return
        if changes:
            try:
                self.bridge.write(lambda: self.services.settings.update(**changes))
            except RingbinderError as exc:
                if lead != old_lead:
                    preferences.save(reminder_lead=old_lead)
                self.message.setText(str(exc))
                self.message.show()
                self._fit()
                return
        if lead != old_lead:
            self.leadChanged.emit(lead)
        self.accept()


def _stored(settings: Settings, name: str) -> object:
    value = getattr(settings, name)
    return value.value if isinstance(value, TabMode) else value


def open_settings(parts: Parts, reminders: Reminders | None) -> None:
    """The dialog over the window; a new lead goes to the running reminders at once."""
    dialog = SettingsDialog(parts.services, parts.host.widget(), bridge=parts.bridge)
    if reminders is not None:
        dialog.leadChanged.connect(reminders.set_lead)
    parts.host.open_dialog(dialog)
