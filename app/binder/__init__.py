"""The binder's filing rules: pure Python, no database, no Qt.

Given today's date these modules say which inserts the binder has (the strip of tabs),
which insert a next-contact date is filed under, and how an overloaded day is rebalanced.
"""

from app.binder.calendar import WorkCalendar
from app.binder.capacity import (
    Load,
    RebalanceItem,
    RebalancePlan,
    Stays,
    load_level,
    plan_rebalance,
)
from app.binder.inserts import Insert, InsertKind, Strip, StripSettings, TabMode, build_strip
from app.binder.postpone import Postpone, postponed

__all__ = [
    "Insert",
    "InsertKind",
    "Load",
    "Postpone",
    "RebalanceItem",
    "RebalancePlan",
    "Stays",
    "Strip",
    "StripSettings",
    "TabMode",
    "WorkCalendar",
    "build_strip",
    "load_level",
    "plan_rebalance",
    "postponed",
]
