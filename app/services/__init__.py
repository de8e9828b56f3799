"""Use cases over an open binder.  The CLI and the Qt UI call only these."""

from app.services.binder import Services, open_services

__all__ = ["Services", "open_services"]
