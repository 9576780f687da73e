"""The two exercise kinds: what a valid file holds, and how an exercise is shown to phones and projector.

Validation returns a list of Problem(field, message) instead of raising, so that `exercises check` can name every
problem of every file at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _

OPTION_TAGS = (
    "pitfall:giving-right", "pitfall:cutting-off",
    "handle:feeling", "handle:facts", "handle:possible", "handle:round-off",
    "bad-news:deliver", "bad-news:absorb", "other",
)
# Contract v2 (interim, until the schema package replaces this module): the new option tag is accepted in files
# but kept out of OPTION_TAGS, whose every tag the pages already label; the authoring fields below are optional.
ACCEPTED_TAGS = OPTION_TAGS + ("pitfall:explaining",)
EXERCISE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
OPTION_ID = re.compile(r"^[a-f]$")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class Field:
    name: str
    max_length: int
    required: bool = True


def _check_text_fields(data: dict, fields: tuple[Field, ...], prefix: str = "") -> list[Problem]:
    problems = []
    for field in fields:
        value = data.get(field.name)
        where = prefix + field.name
        if value is None:
            if field.required:
                problems.append(Problem(where, _("ontbreekt")))
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, _("moet een niet-lege tekst zijn")))
        elif len(value) > field.max_length:
            problems.append(Problem(where, _("is %(length)s tekens; maximaal %(maximum)s", length=len(value), maximum=field.max_length)))
    return problems


def _check_authoring_fields(data: dict) -> list[Problem]:
    """Contract v2: `theme`, `notes` (trainer only) and `minutes` (planned duration), optional for every kind.

    The two new messages (here and for `best`) are plain Dutch: they are not in the translation catalog yet."""
    problems = _check_text_fields(data, (Field("theme", 40, required=False), Field("notes", 2000, required=False)))
    minutes = data.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240):
        problems.append(Problem("minutes", "moet een heel getal van 1 tot en met 240 zijn"))
    return problems


AUTHORING_KEYS = {"theme", "notes", "minutes"}


def _check_unknown_keys(data: dict, allowed: set[str], prefix: str = "") -> list[Problem]:
    return [Problem(prefix + key, _("onbekend veld")) for key in sorted(set(data) - allowed)]


class TipsKind:
    name = "tips"
    fields = (Field("title", 80), Field("prompt", 300), Field("hint", 1000, required=False))

    def validate(self, data: dict) -> list[Problem]:
        return (_check_unknown_keys(data, {"kind"} | AUTHORING_KEYS | {f.name for f in self.fields})
                + _check_text_fields(data, self.fields) + _check_authoring_fields(data))

    def public_view(self, content: dict) -> dict:
        return {"prompt": content["prompt"]}


class CaseKind:
    name = "case"
    fields = (Field("title", 80), Field("story", 1500), Field("question", 200, required=False),
              Field("summary", 1000))
    option_fields = (Field("id", 1), Field("text", 200), Field("tag", 40), Field("explanation", 600))

    def validate(self, data: dict) -> list[Problem]:
        problems = (_check_unknown_keys(data, {"kind", "options"} | AUTHORING_KEYS | {f.name for f in self.fields})
                    + _check_text_fields(data, self.fields) + _check_authoring_fields(data))
        options = data.get("options")
        if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
            return problems + [Problem("options", _("ontbreekt; schrijf 3 tot 6 blokken [[options]]"))]
        if not 3 <= len(options) <= 6:
            problems.append(Problem("options", _("heeft %(count)s opties; 3 tot 6 toegestaan", count=len(options))))
        seen_ids = set()
        for number, option in enumerate(options, start=1):
            prefix = f"options[{number}]."
            problems += _check_unknown_keys(option, {"best"} | {f.name for f in self.option_fields}, prefix)
            if "best" in option and not isinstance(option["best"], bool):
                problems.append(Problem(prefix + "best", "moet true of false zijn"))
            problems += _check_text_fields(option, self.option_fields, prefix)
            option_id, tag = option.get("id"), option.get("tag")
            if isinstance(option_id, str) and not OPTION_ID.match(option_id):
                problems.append(Problem(prefix + "id", _("moet één kleine letter a tot en met f zijn")))
            if option_id in seen_ids:
                problems.append(Problem(prefix + "id", _("'%(id)s' komt twee keer voor", id=option_id)))
            seen_ids.add(option_id)
            if isinstance(tag, str) and tag not in ACCEPTED_TAGS:
                problems.append(Problem(prefix + "tag", _("'%(tag)s' is geen bekende tag (%(known)s)", tag=tag, known=", ".join(ACCEPTED_TAGS))))
        tags = [o.get("tag", "") for o in options if isinstance(o.get("tag"), str)]
        if not any(t.startswith("pitfall:") for t in tags):
            problems.append(Problem("options", _("minstens één optie moet een valkuil zijn (tag pitfall:...)")))
        if not any(t.startswith("handle:") for t in tags):
            problems.append(Problem("options", _("minstens één optie moet een handvat zijn (tag handle:...)")))
        return problems

    def public_view(self, content: dict) -> dict:
        return {"story": content["story"], "question": content.get("question"),
                "options": [{"id": o["id"], "text": o["text"]} for o in content["options"]]}

    def revealed_view(self, content: dict) -> list[dict]:
        return [{"id": o["id"], "tag": o["tag"], "explanation": o["explanation"]} for o in content["options"]]


KINDS = {kind.name: kind for kind in (TipsKind(), CaseKind())}
