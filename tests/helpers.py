"""Small helpers shared by the tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def binder_digest(path: Path) -> str:
    """A digest of a binder's whole contents, to show that a refused command changed nothing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()
