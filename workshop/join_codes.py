"""Join codes: six characters that are easy to read aloud and type (no 0/O, 1/I/L), unique among workshops. The
engine creates workshops with them, the archive's import gives imported workshops one."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from workshop.models import Workshop, db

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def looks_like_a_code(code: str) -> bool:
    """A normalised code of the right length and alphabet (the only ones worth a database lookup)."""
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)
