"""The spread of the overdue, shown before it is done: each working day with what it
receives and then holds against the capacity, each dossier under its new day with the date
it missed, and what stays overdue and why. The window refiles on OK (one undoable step)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.binder.spread import SpreadPlan
from app.i18n import _, long_date, n_
from app.services.rows import DossierRow
from app.ui.dialogs import stays_list

# what the window gives: the plan over N working days, with the rows of the dossiers it names
Planner = Callable[[int], tuple[SpreadPlan, dict[str, DossierRow]]]


class SpreadDialog(QDialog):
    """Shows where "spread the overdue" would refile each overdue dossier."""

    def __init__(self, planner: Planner, days: int, capacity: int, recent_days: int,
                 loads: Callable[[date, date], dict[date, int]],
                 parent: QWidget | None = None, *, max_days: int = 60) -> None:
        super().__init__(parent)
        self._planner = planner
        self._capacity = capacity
        self._recent_days = recent_days
        self._loads = loads
        self.setWindowTitle(_("Spread the overdue"))
        self.setMinimumSize(620, 520)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Over the next")))
        self.days = QSpinBox()
        self.days.setRange(1, max_days)
        self.days.setValue(days)
        row.addWidget(self.days)
        self.days_unit = QLabel()
        row.addWidget(self.days_unit)
        row.addStretch(1)
        layout.addLayout(row)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        layout.addWidget(self.tree, 1)
        self.stays_label, self.stays = stays_list(layout)
        self._layout = layout
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Spread them"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.plan = SpreadPlan()
        self.days.valueChanged.connect(self._plan)
        self._plan(days)

    def targets(self) -> dict[str, date | None]:
        """Each dossier's new day, as the window refiles them."""
        return dict(self.plan.moves)

    def _plan(self, days: int) -> None:
        from app.services.filing import stays_text  # the writers load when a plan is shown

        self.days_unit.setText(n_("working day", "working days", days))
        plan, rows = self._planner(days)
        self.plan = plan
        if plan.moves:
            self.intro.setText(n_(
                "{count} overdue dossier goes to these days, within the daily capacity; the "
                "highest priority and the longest overdue go first:",
                "{count} overdue dossiers go to these days, within the daily capacity; the "
                "highest priority and the longest overdue go first:", len(plan.moves)))
        elif plan.unplaced:
            self.intro.setText(_("No overdue dossier can be spread over these days: they are "
                                 "full. Spread over more days, or raise the daily capacity."))
        else:
            self.intro.setText(_("Nothing is overdue."))
        self.tree.clear()
        per_day = plan.per_day()
        loads = self._loads(min(per_day), max(per_day)) if per_day else {}
        items: dict[date, QTreeWidgetItem] = {}
        for day, count in per_day.items():
            holds = loads.get(day, 0) + count
            held = _("{count} of {capacity} that day").format(
                count=holds, capacity=self._capacity) if self._capacity > 0 else \
                n_("{count} that day", "{count} that day", holds)
            text = n_("{day}: +{count} dossier ({held})", "{day}: +{count} dossiers ({held})",
                      count, day=long_date(day), held=held)
            items[day] = QTreeWidgetItem(self.tree, [text])
        for dossier_id, when in plan.moves:
            row = rows.get(dossier_id)
            name = row.name if row else dossier_id
            missed = long_date(row.next_contact) if row and row.next_contact else ""
            # the priority said where it decided the order; normal goes without saying
            shown = {1: _("{name} (was due {date}; high priority)"),
                     3: _("{name} (was due {date}; low priority)")}.get(
                row.priority if row else 2, _("{name} (was due {date})"))
            QTreeWidgetItem(items[when], [shown.format(name=name, date=missed)])
        self.tree.expandAll()
        self.tree.setVisible(bool(plan.moves))
        self.stays.clear()
        for dossier_id, why in plan.unplaced:
            row = rows.get(dossier_id)
            self.stays.addItem(f"{row.name if row else dossier_id}: "
                               f"{stays_text(why, self._recent_days, days)}")
        self.stays_label.setText(n_("{count} dossier stays overdue:",
                                    "{count} dossiers stay overdue:", len(plan.unplaced)))
        self.stays_label.setVisible(bool(plan.unplaced))
        self.stays.setVisible(bool(plan.unplaced))
        # under the days a short list; alone, it takes the room
        self.stays.setMaximumHeight(110 if plan.moves else 16_777_215)  # QWIDGETSIZE_MAX
        self._layout.setStretchFactor(self.stays, 0 if plan.moves else 1)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(plan.moves))
