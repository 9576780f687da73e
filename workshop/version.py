"""The running version: pyproject.toml's `version`, shown by the start banner, /healthz and /metrics.

CHANGELOG.md has the upgrade notes of every version."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@lru_cache(maxsize=1)
def version() -> str:
    try:
        with PYPROJECT.open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
