"""Use cases over an open binder.  The CLI and the Qt UI call only these.

The package's names load on first use, so that the services' plain modules (contract, dto)
can be imported without the store by the command line's quick reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.binder import Services, open_services

__all__ = ["Services", "open_services"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from app.services import binder

        return getattr(binder, name)
    raise AttributeError(f"module 'app.services' has no attribute {name!r}")
