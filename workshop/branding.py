"""An organisation's accent colour: validated for contrast, turned into the CSS variables every page uses.

The accent carries white text (buttons, the projector's join panel) and is itself used as text on the light page
background (links, figures on the projector), so a colour is accepted only when both reach WCAG AA for normal
text (4.5:1). Everything else on the pages stays as it is: one colour an organisation can set.
"""
from __future__ import annotations

import re

from sqlalchemy.exc import SQLAlchemyError

from workshop.errors import EngineError
from workshop.models import Organisation, db

DEFAULT_ACCENT = "#0f5e6b"
WHITE = "#ffffff"
PAGE_BACKGROUND = "#f5f6f3"  # --bg in static/css/base.css
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _channels(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def normalise_colour(value: str) -> str:
    """'#1A5' or '1a55ff' -> '#11aa55' / '#1a55ff'; EngineError('invalid_colour') for anything else."""
    found = HEX_COLOUR.fullmatch((value or "").strip())
    if not found:
        raise EngineError("invalid_colour")
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def checked_accent(value: str) -> str:
    """A colour fit to be the accent, or EngineError('low_contrast') when white text on it, or it as text on the
    page, would be hard to read."""
    colour = normalise_colour(value)
    if min(contrast(colour, WHITE), contrast(colour, PAGE_BACKGROUND)) < MIN_CONTRAST:
        raise EngineError("low_contrast")
    return colour


def set_accent(organisation_id: int, value: str | None) -> str | None:
    """Store an organisation's accent (None or '' restores the default); returns what is stored."""
    colour = checked_accent(value) if value and value.strip() else None
    organisation = db.session.get(Organisation, organisation_id)
    organisation.accent_colour = colour
    db.session.commit()
    return colour


def _mix_with_white(colour: str, share: float) -> str:
    return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in _channels(colour))


def accent_variables(colour: str | None) -> dict[str, str]:
    """The CSS custom properties for this accent ({} for the default, which base.css already has)."""
    if not colour or colour == DEFAULT_ACCENT:
        return {}
    return {"--accent": colour, "--accent-soft": _mix_with_white(colour, 0.12)}


def accent_variables_for(workshop=None) -> dict[str, str]:
    """For base.html: the accent of the workshop's organisation on its pages (phone, projector, control page), or
    of the logged-in trainer's organisation elsewhere."""
    from flask_login import current_user
    try:
        organisation = None
        if workshop is not None:
            organisation = db.session.get(Organisation, workshop.organisation_id)
        elif current_user and current_user.is_authenticated:
            organisation = db.session.get(Organisation, current_user.organisation_id)
    except SQLAlchemyError:  # an error page while the database is down still renders, in the default colour
        db.session.rollback()
        return {}
    return accent_variables(organisation.accent_colour if organisation else None)
