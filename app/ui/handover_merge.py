"""Taking over a colleague's handover file: the preview of what the merge would do, before
anything is written, with the conflicts and the way each is decided (changed in
app/ui/handover_conflicts.py).

It works on a MergeSummary (app/services/dto.py; no binder needed) and hands back the
choices as `resolutions()`, in the shape `services.handover.merge` takes. It is opened with
open() (window-modal, non-blocking) like the other dialogs here.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.dto import MergeConflict, MergeSummary
from app.ui import theme
from app.ui.handover_conflicts import (
    MINE,
    SIDE_COLUMN,
    ConflictDialog,
    Key,
    conflict_key,
)
from app.ui.handover_values import conflicts_tally, count_sentences, group_label

EXPAND_LISTS_UP_TO = 30  # longer lists of dossiers start folded


class MergePreviewDialog(QDialog):
    """What taking over the file would do, before anything is written: counts, the dossiers
    that arrive or change, and the conflicts with the way each is decided."""

    def __init__(self, summary: MergeSummary, banner_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.conflicts: list[MergeConflict] = list(summary.conflicts)
        self._choices: dict[Key, str] = {
            conflict_key(c): c.resolution if c.resolution in SIDE_COLUMN
            else MINE
            for c in self.conflicts}
        self.conflict_dialog: ConflictDialog | None = None
        self.setWindowTitle(_("Take over handover"))
        self.setMinimumWidth(480)
        self.resize(600, 520)
        layout = QVBoxLayout(self)
        self.banner = QLabel(banner_text)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)  # the caller escapes the names
        self.banner.setStyleSheet(
            f"background: {theme.TAB_FACE.name()}; border: 1px solid {theme.TAB_BORDER.name()};"
            " border-radius: 4px; padding: 8px;")
        layout.addWidget(self.banner)
        sentences = count_sentences(summary.as_json())
        self.nothing = not sentences and not self.conflicts
        if self.nothing:
            text = _("Nothing to take over: this binder already has everything in "
                           "this file.")
        elif not sentences:
            text = _("Nothing new in this file apart from the conflicts below.")
        else:
            text = _("Taking over this file brings:") + "\n" + "\n".join(
                f"•  {s}" for s in sentences)
        self.counts = QLabel(text)
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.counts)
        self.lists = self._build_lists()
        layout.addWidget(self.lists, 1)
        self.conflicts_box: QGroupBox | None = None
        self.conflicts_line: QLabel | None = None
        self.resolve_button: QPushButton | None = None
        if self.conflicts:
            layout.addWidget(self._build_conflicts())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.take_over = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.take_over.setText(_("&Take over"))
        self.take_over.setDefault(True)
        if self.nothing:
            self.take_over.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
                _("Close"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.lists.isHidden():  # a few lines: no room left empty
            self.resize(600, self.sizeHint().height())

    def _build_lists(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderHidden(True)
        tree.setAccessibleName(_("Dossiers in the file"))
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        tree.setWordWrap(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        new = self.summary.new_dossiers
        updated = self.summary.updated_dossiers
        self.new_item = self.updated_item = None
        if new:
            self.new_item = QTreeWidgetItem(tree, [_("New dossiers ({count})").format(
                count=len(new))])
            for d in new:
                QTreeWidgetItem(self.new_item, [d.name])
        if updated:
            self.updated_item = QTreeWidgetItem(tree, [_(
                "Updated dossiers ({count})").format(count=len(updated))])
            for u in updated:
                fields = ", ".join(group_label(f) for f in u.fields)
                QTreeWidgetItem(self.updated_item, [
                    _("{name}: {fields}").format(name=u.name, fields=fields)
                    if fields else u.name])
        bold = tree.font()
        bold.setBold(True)
        for top in (self.new_item, self.updated_item):
            if top is None:
                continue
            top.setFont(0, bold)
            top.setExpanded(len(new) + len(updated) <= EXPAND_LISTS_UP_TO)
        tree.setVisible(bool(new or updated))
        return tree

    def _build_conflicts(self) -> QGroupBox:
        box = QGroupBox(_("Conflicts"))
        layout = QVBoxLayout(box)
        why = QLabel(_("Changed both in this binder and in the file since the handover."))
        why.setWordWrap(True)
        layout.addWidget(why)
        row = QHBoxLayout()
        self.conflicts_line = QLabel()
        self.conflicts_line.setWordWrap(True)
        row.addWidget(self.conflicts_line, 1)
        self.resolve_button = QPushButton(_("&Resolve conflicts…"))
        self.resolve_button.setAutoDefault(False)
        self.resolve_button.setToolTip(_("See both values of each conflict and choose"))
        self.resolve_button.clicked.connect(self.resolve_conflicts)
        row.addWidget(self.resolve_button)
        layout.addLayout(row)
        self.conflicts_box = box
        self._update_conflicts_line()
        return box

    def _update_conflicts_line(self) -> None:
        if self.conflicts_line is None:
            return
        self.conflicts_line.setText(conflicts_tally(
            [self._choices[conflict_key(c)] for c in self.conflicts]))

    def resolve_conflicts(self) -> ConflictDialog:
        """Open the conflicts (window-modal) with the current choices; OK takes its
        choices, Cancel leaves them. The dialog stays in `conflict_dialog`."""
        if self.conflict_dialog is not None:
            self.conflict_dialog.deleteLater()
        current = [replace(c, resolution=self._choices[conflict_key(c)]) for c in self.conflicts]
        dialog = ConflictDialog(current, self)
        dialog.accepted.connect(lambda: self._take_choices(dialog))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _take_choices(self, dialog: ConflictDialog) -> None:
        self._choices.update(dialog.resolutions())
        self._update_conflicts_line()

    def resolutions(self) -> dict[Key, str]:
        """Every conflict's current choice, as `services.handover.merge` takes it."""
        return {conflict_key(c): self._choices[conflict_key(c)] for c in self.conflicts}
