"""The window's refiling: postponing the selection, refiling it to a date picked, dossiers
dropped on a tab, archiving, rebalancing a day and spreading the overdue.  Each is one step
on the window's undo stack (app/ui/operations.py), done once its dialog, if any, is
accepted; a read-only binder refiles nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.binder import InsertKind, Postpone
from app.i18n import _, n_
from app.services.dto import DossierRow
from app.ui.day_load import full_day_question
from app.ui.dialogs import DatePickDialog, ReasonDialog, RebalanceDialog, archive_text
from app.ui.operations import ArchiveCommand, RefileCommand

if TYPE_CHECKING:
    from app.binder import RebalancePlan
    from app.binder.spread import SpreadPlan
    from app.ui.main_window import MainWindow


def _targets(window: MainWindow) -> list[str]:
    return window.list.selected_ids() if not window.services.readonly else []


def refile(window: MainWindow, targets: dict[str, date | None], text: str,
           keep_time: bool = True) -> None:
    if targets:
        window.undo_stack.push(RefileCommand(window.bridge, targets, text, keep_time))


def postpone(window: MainWindow, step: Postpone) -> None:
    ids = _targets(window)
    if not ids:
        return
    texts = {Postpone.DAY: _("Postpone by a day"),
             Postpone.WORKING_DAY: _("Postpone to the next working day"),
             Postpone.WEEK: _("Postpone by a week")}
    targets = window.services.filing.postpone_targets(ids, step)
    window.refile(dict(targets), texts[step])


def refile_to_insert(window: MainWindow, key: str, ids: list[str]) -> None:
    """Dossiers dropped on a tab: refile them under that insert."""
    if window.services.readonly:
        return
    tab = window.view.inserts().get(key)
    if tab is None:
        return
    if tab.kind is InsertKind.ARCHIVE:
        window.archive(ids)
        return
    if not tab.accepts_filing:
        return
    when = tab.filing_date()

    def file(day: date | None) -> None:
        window.refile(dict.fromkeys(ids, day),
                      n_("Refile {count} dossier", "Refile {count} dossiers", len(ids)))

    # a day without room for them asks first, offering the nearest day with room
    question = full_day_question(window, window.services, when, ids, file) \
        if tab.kind is InsertKind.DAY and when is not None else None
    if question is None:
        file(when)
    else:
        window.open_dialog(question)


def pick_date(window: MainWindow) -> None:
    ids = _targets(window)
    if not ids:
        return
    first = window.services.dossiers.get(ids[0])
    current = [s.date for s in window.services.filing.schedules(ids)]
    dialog = DatePickDialog(window.today, first.next_contact, window, services=window.services,
                            name=first.name, count=len(ids), current=current)
    dialog.accepted.connect(lambda: window.refile(
        dict.fromkeys(ids, dialog.chosen()), _("Refile to a date")))
    window.open_dialog(dialog)


def archive(window: MainWindow, ids: list[str] | None = None) -> None:
    ids = ids or _targets(window)
    if not ids:
        return
    names = _names(window, ids)
    dialog = ReasonDialog(names, window)
    dialog.accepted.connect(lambda: window.undo_stack.push(ArchiveCommand(
        window.bridge, ids, dialog.text(), archive_text(names), _("Archiving undone"))))
    window.open_dialog(dialog)


def _names(window: MainWindow, ids: list[str]) -> list[str]:
    """The dossiers' names, from the list where it shows them (a drop, the selection)."""
    shown = {r.id: r.name for r in window.list.model_.rows()}
    missing = [i for i in ids if i not in shown]
    if missing:
        shown.update({r.id: r.name for r in window.services.views.rows_by_id(missing)})
    return [shown.get(i, "") for i in ids]


def name_archive_action(window: MainWindow) -> None:
    """Archive… names what it will archive, set when a menu showing it opens (the
    toolbar keeps its short word, so a change of selection changes no widget)."""
    names = window.list.selected_names()
    if len(names) == 1:
        name = names[0] if len(names[0]) <= 40 else names[0][:39] + "…"
        text = _("&Archive {name}…").format(name=name.replace("&", "&&"))
    elif names:
        text = n_("&Archive {count} dossier…", "&Archive {count} dossiers…", len(names))
    else:
        text = _("&Archive…")
    window.actions_["archive"].setText(text)


def rebalance(window: MainWindow) -> None:
    tab = window.strip.current_tab()
    if tab is None or tab.kind is not InsertKind.DAY:
        window.statusBar().showMessage(_("Only a day can be rebalanced."), 5000)
        return
    def planned(move_recent: bool, earlier: bool = True
                ) -> tuple[RebalancePlan, dict[str, str]]:
        plan = window.services.filing.plan_rebalance(tab.key, move_recent=move_recent,
                                                     earlier=earlier)
        # read, not taken from the list: a long day's moves may be past its first page
        named = [d for d, _when in plan.moves] + [d for d, _why in plan.unplaced]
        return plan, {r.id: r.name for r in window.services.views.rows_by_id(named)}

    dialog = RebalanceDialog(*planned(False), window, replan=planned,
                             recent_days=window.services.settings.get().recent_days)
    dialog.accepted.connect(lambda: window.refile(
        dict(dialog.plan.moves), _("Rebalance {day}").format(day=tab.label),
        keep_time=False))
    window.open_dialog(dialog)


def spread_overdue(window: MainWindow) -> None:
    """The overdue refiled over the next working days, once the user saw where."""
    from app.services.filing import SPREAD_DAYS
    from app.ui.plan_dialogs import SpreadDialog

    services = window.services

    def planned(days: int) -> tuple[SpreadPlan, dict[str, DossierRow]]:
        plan = services.filing.plan_spread(days)
        named = [d for d, _when in plan.moves] + [d for d, _why in plan.unplaced]
        return plan, {r.id: r for r in services.views.rows_by_id(named)}

    def loads(first: date, last: date) -> dict[date, int]:
        return {d: load.count for d, load in services.loads.loads(first, last).items()}

    settings = services.settings.get()
    dialog = SpreadDialog(planned, SPREAD_DAYS, settings.daily_capacity,
                          settings.recent_days, loads, window)
    dialog.accepted.connect(lambda: window.refile(dialog.targets(),
                                                  _("Spread the overdue"), keep_time=False))
    window.open_dialog(dialog)
