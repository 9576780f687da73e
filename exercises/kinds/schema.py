"""One schema library for every exercise document (pydantic v2): the file check, the API and the editor all get
their problems from here, each with a field location (`options[2].tag`, 1-based like the blocks in a file) and a
Dutch message (translated through Flask-Babel when the request asks for English).

Field rules are pydantic types; pydantic's own error types are turned into our own Dutch sentences, so no English
pydantic text ever reaches a trainer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from flask_babel import lazy_gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from exercises.kinds.tags import OPTION_TAGS


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def as_json(self) -> dict:
        return {"field": self.field, "message": str(self.message)}


def _text_rule(maximum: int):
    def check(value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("text_empty", "empty")
        if len(value) > maximum:
            raise PydanticCustomError("text_too_long", "too long", {"length": len(value), "maximum": maximum})
        return value
    return AfterValidator(check)


def Text(maximum: int):
    return Annotated[str, _text_rule(maximum)]


def _range_rule(minimum: int, maximum: int):
    def check(value: int) -> int:
        if not minimum <= value <= maximum:
            raise PydanticCustomError("out_of_range", "out of range", {"minimum": minimum, "maximum": maximum})
        return value
    return AfterValidator(check)


def Whole(minimum: int, maximum: int):
    return Annotated[int, _range_rule(minimum, maximum)]


def _known_tag(value: str) -> str:
    if value not in OPTION_TAGS:
        raise PydanticCustomError("unknown_tag", "unknown tag", {"tag": value, "known": ", ".join(OPTION_TAGS)})
    return value


Tag = Annotated[str, AfterValidator(_known_tag)]  # an option's tag: one of OPTION_TAGS (a case's, a scene's)


class Document(BaseModel):
    """The fields every kind has: `kind` and `title`, and the trainer's own `notes`, `theme` and `minutes`."""
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: str
    title: Text(80)
    notes: Text(2000) | None = None  # trainer-only: never in a phone's or the projector's view
    theme: Text(40) | None = None
    minutes: Whole(1, 240) | None = None


def messages() -> dict:
    """Pydantic error type (or our own) -> Dutch sentence; `%(name)s` takes the error's context."""
    return {
        "missing": _("ontbreekt"),
        "extra_forbidden": _("onbekend veld"),
        "string_type": _("moet een niet-lege tekst zijn"),
        "text_empty": _("moet een niet-lege tekst zijn"),
        "text_too_long": _("is %(length)s tekens; maximaal %(maximum)s"),
        "int_type": _("moet een heel getal zijn"),
        "out_of_range": _("moet tussen %(minimum)s en %(maximum)s liggen"),
        "unknown_tag": _("'%(tag)s' is geen bekende tag (%(known)s)"),
        "bool_type": _("moet true of false zijn"),
        "list_type": _("moet een lijst zijn"),
        "model_type": _("moet een blok met velden zijn"),
        "dict_type": _("moet een blok met velden zijn"),
        "model_attributes_type": _("moet een blok met velden zijn"),
    }


def location(loc: tuple) -> str:
    """('options', 2, 'tag') -> 'options[3].tag': list positions count from 1, as a trainer counts blocks."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _message(error: dict, overrides: dict):
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    where = location(error["loc"])
    template = overrides.get((re.sub(r"\[\d+\]", "[]", where), kind)) or overrides.get(kind) or messages().get(kind)
    if template is None:
        return _("ongeldige waarde")
    try:
        return _format(template, ctx)
    except (KeyError, ValueError, TypeError):
        return str(template)


def _format(template, ctx: dict):
    """A lazy Babel string with %(name)s placeholders, filled now (translated in the current locale)."""
    return str(template) % ctx if ctx else str(template)


def schema_problems(model: type[BaseModel], data: dict, overrides: dict | None = None) -> list[Problem]:
    """Every problem pydantic finds in `data`, as Problems with locations and Dutch messages."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return [Problem(location(e["loc"]), _message(e, overrides or {})) for e in error.errors()]
    return []


# --- rules across fields that several kinds share (a kind's `rules`; on a raw document, so anything may be there) --
def unique(items: list, where: str, field: str = "id") -> list[Problem]:
    """A value of `field` that an earlier item of the list has too: `<where>[n].<field>` (n counted from 1)."""
    problems, seen = [], set()
    for number, item in enumerate(items, start=1):
        value = item.get(field) if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue  # not a text: the schema says so
        if value in seen:
            problems.append(Problem(f"{where}[{number}].{field}", _("'%(id)s' komt twee keer voor", id=value)))
        seen.add(value)
    return problems


def one_best(options: list, where: str) -> list[Problem]:
    """At most one option marked `best`: the second one gets the problem (`<where>[n].best`)."""
    marked = [number for number, option in enumerate(options, start=1)
              if isinstance(option, dict) and option.get("best") is True]
    return [Problem(f"{where}[{marked[1]}].best", _("maar één optie kan de beste zijn"))] if len(marked) > 1 else []
