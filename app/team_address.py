"""A team binder's address: a PostgreSQL URL given where a binder file's path goes
(`--binder postgresql://anna@server/sales`). Told apart here, without SQLAlchemy, so the
command line decides which opener to load before loading either."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_team_address(where: object) -> bool:
    """Whether a --binder value names a team binder (a PostgreSQL URL), not a file."""
    text = str(where) if isinstance(where, str) else ""
    scheme, sep, _rest = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def sqlalchemy_url(address: str) -> str:
    """The URL SQLAlchemy opens the address with (psycopg 3 as the driver)."""
    _scheme, _sep, rest = address.partition("://")
    return f"postgresql+psycopg://{rest}"


def with_password(address: str, password: str) -> str:
    """The address with `password` in its user part (percent-encoded), replacing any."""
    parts = urlsplit(address)
    user, _at, host = parts.netloc.rpartition("@")  # no login: libpq's default user
    netloc = f"{user.split(':', 1)[0]}:{quote(password, safe='')}@{host}"
    return address.replace(f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{netloc}", 1)


def without_password(query: str) -> str:
    """A URL's query without a `password=` option (libpq takes one there too)."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if k.lower() != "password"]
    return urlencode(kept)


def holds_password(address: str) -> bool:
    """Whether the address carries a password (in its user part or its options)."""
    parts = urlsplit(address)
    user = parts.netloc.rpartition("@")[0]
    return ":" in user or any(key.lower() == "password" for key, _value in parse_qsl(
        parts.query, keep_blank_values=True))


def shown(address: str) -> str:
    """The address without its password (in the user part or the options): what windows,
    messages and the recent binders show. A URL without a host (the local socket) keeps
    its `//`."""
    parts = urlsplit(address)
    netloc = parts.netloc
    if "@" in netloc:
        user, _at, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = without_password(parts.query)
    return f"postgresql://{netloc}{parts.path}" + (f"?{query}" if query else "")


def as_path(address: str) -> PurePosixPath:
    """The address as the path-like name a binder has (`.name` the database, `.parent` the
    server), for the places that show a binder by its file name."""
    parts = urlsplit(address)
    host = parts.hostname or "localhost"
    if parts.port:
        host = f"{host}:{parts.port}"
    return PurePosixPath(f"/{host}") / (parts.path.lstrip("/") or "postgres")
