"""A team binder's address and its password, kept apart: the address (without a password) is
what the window shows and remembers (title, recent binders, settings); the password lives in
this session's memory and, when the user asks, in the system's keyring (the `keyring`
package), never in a file of ours. libpq also reads ~/.pgpass by itself, so an address with
no password known here is tried as it is before anyone is asked.

Every keyring call is guarded: no keyring package, no backend (a headless machine) or a
backend that fails quietly means "not kept" and the user is asked instead.
"""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from app.team_address import is_team_address, without_password

DEFAULT_PORT = 5432
KEYRING_SERVICE = "Ringbinder"  # the keyring's service name; the user name is the address



@dataclass(frozen=True)
class TeamAddress:
    """The parts of a team binder's address, as the connect dialog shows them."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    login: str = ""
    options: str = ""  # the URL's query (sslmode=require, …), kept as given

    @classmethod
    def parse(cls, address: str) -> TeamAddress:
        """The parts of a URL (its password, if any, left out)."""
        if not is_team_address(address):
            return cls()
        parts = urlsplit(address)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            port = DEFAULT_PORT
        return cls(parts.hostname or "", port, unquote(parts.path.lstrip("/")),
                   unquote(parts.username or ""), without_password(parts.query))

    def url(self, password: str = "") -> str:
        """The address as a URL, with the password only when one is given."""
        who = quote(self.login, safe="")
        if password:
            who += ":" + quote(password, safe="")
        netloc = f"{who}@" if who else ""
        if self.host:  # none: libpq's default (the local socket)
            netloc += f"[{self.host}]" if ":" in self.host else self.host
            netloc += f":{self.port}"
        query = f"?{self.options}" if self.options else ""
        return f"postgresql://{netloc}/{quote(self.database, safe='')}{query}"

    @property
    def shown(self) -> str:
        """The address without a password: what is remembered and shown."""
        return self.url()


def password_of(address: str) -> str:
    """The password a URL carries (from the command line), or ""."""
    if not is_team_address(address):
        return ""
    return unquote(urlsplit(address).password or "")


def _keyring() -> Any | None:
    """The keyring module when it is installed and has a usable backend, else None."""
    try:
        module = importlib.import_module("keyring")
        backend = module.get_keyring()
        if getattr(backend, "priority", 1) <= 0:  # the "fail" or "null" backend: none here
            return None
        return module
    except Exception:  # (no package, a broken backend: asked instead)
        return None


def keyring_available() -> bool:
    """Whether a password can be kept in the system's keyring on this machine."""
    return _keyring() is not None


def keyring_password(shown: str) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        found = module.get_password(KEYRING_SERVICE, shown)
    except Exception:  # (a locked or broken keyring: asked instead)
        return None
    return str(found) if found else None


def keep_in_keyring(shown: str, password: str) -> bool:
    """Keep the password for this address; False when there is no keyring to keep it in."""
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(KEYRING_SERVICE, shown, password)
    except Exception:  # (a locked or read-only keyring: not kept)
        return False
    return True


def forget_in_keyring(shown: str) -> None:
    module = _keyring()
    if module is not None:
        with contextlib.suppress(Exception):  # nothing kept, or no keyring: nothing to do
            module.delete_password(KEYRING_SERVICE, shown)


class Passwords:
    """The passwords of this session, by address without a password: the one a team binder
    was opened with (so that reopening it, e.g. for a change of language, asks nothing), and
    the one the connect dialog was just given, with whether to keep it in the keyring."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._keep: dict[str, bool] = {}

    def offer(self, shown: str, password: str, keep: bool) -> None:
        """What the connect dialog was given, used by the next open of `shown`."""
        self._known[shown] = password
        self._keep[shown] = keep

    def complete(self, address: str) -> str:
        """The address to open: with its own password, else this session's, else the
        keyring's, else as it is (libpq reads ~/.pgpass; a trusted server asks none)."""
        parts = TeamAddress.parse(address)
        given = password_of(address)
        if given:
            self._known[parts.shown] = given
            return parts.url(given)
        password = self._known.get(parts.shown) or keyring_password(parts.shown) or ""
        return parts.url(password)

    def opened(self, address: str) -> None:
        """The binder opened: its password is kept for this session, and in the keyring
        when the connect dialog asked for that (forgotten there when it asked not to)."""
        shown = TeamAddress.parse(address).shown
        keep = self._keep.pop(shown, None)
        password = self._known.get(shown, "")
        if keep and password:
            keep_in_keyring(shown, password)
        elif keep is False:
            forget_in_keyring(shown)

    def failed(self, address: str) -> None:
        """The open failed: a password given for it is not tried again."""
        shown = TeamAddress.parse(address).shown
        self._known.pop(shown, None)
        self._keep.pop(shown, None)


PASSWORDS = Passwords()  # the application's one session memory
