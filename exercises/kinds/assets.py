"""What a kind's folder brings to the pages: its templates (`kinds/<name>/<part>.html`), its scripts (served by
`GET /kinds/<name>/<file>` from its `static/`), its translation catalog (`translations/`). Host pages ask
`kind_parts(part)` and `kind_scripts(page)` and loop; they never name a kind.

Parts a kind may bring (each optional; docs/exercises.md "Write a kind"):
  phone.html      its section on the phone (join page), first painted on the server from `ex`
  phone_wall.html a part inside the tip wall's section (a kind that uses the wall, e.g. a story above it)
  screen.html     its view on the projector
  screen_wall.html a part inside the projector's tip wall view
  control.html    its part of the control page (presenter)
  editor.html     its fields in the exercise editor
  preview.html    its preview in the library
  strings.html    the texts its script needs (a `<script type="application/json" data-i18n>` block)
  phone_phase.html, screen_phase.html  (a wall kind) the phase line its wall shows, first painted on the server
Scripts: `static/<name>.js` on the phone, projector and control pages; beside it, only on its page,
`static/screen.js` (projector), `static/control.js` (control page) and `static/editor.js` (editor), so that a phone
loads only what it draws.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Flask, abort, request, send_from_directory, url_for
from jinja2 import BaseLoader, ChoiceLoader, TemplateNotFound

from exercises.kinds import KINDS, extend

PREFIX = "kinds"
PHONE, SCREEN, CONTROL, EDITOR = "phone", "screen", "control", "editor"  # the pages a kind's scripts are for
LIVE_PAGES = (PHONE, SCREEN, CONTROL)
YEAR = 365 * 24 * 3600

blueprint = Blueprint("kinds", __name__, url_prefix="/kinds")
_fingerprints: dict[tuple[Path, float], str] = {}


class KindTemplates(BaseLoader):
    """`kinds/<name>/<part>.html` from the registered kind's `templates/` folder (kinds added later included)."""

    def get_source(self, environment, template):
        prefix, _slash, rest = template.partition("/")
        name, _slash, part = rest.partition("/")
        kind = KINDS.get(name) if prefix == PREFIX else None
        if kind is None or not part:
            raise TemplateNotFound(template)
        root = (kind.folder / "templates").resolve()
        path = (root / part).resolve()
        if root not in path.parents or not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime


def template_of(name: str, part: str) -> str | None:
    kind = KINDS.get(name)
    if kind is None or not (kind.folder / "templates" / part).is_file():
        return None
    return f"{PREFIX}/{name}/{part}"


def kind_parts(part: str, only=None) -> list[str]:
    """Every registered kind's template for this part (`phone.html`, ...), in the registry's order; `only`: just
    these kinds (a phone page: the kinds its workshop uses)."""
    return [found for found in (template_of(name, part) for name in KINDS if only is None or name in only) if found]


def kind_labels() -> dict[str, str]:
    """"kind_<name>" -> the kind's name for people ("Casus"), for the scripts' texts."""
    return {f"kind_{name}": str(kind.label) for name, kind in KINDS.items()}


def _fingerprint(path: Path) -> str:
    key = (path, path.stat().st_mtime)
    if key not in _fingerprints:
        _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _fingerprints[key]


def kind_scripts(page: str, only=None) -> list[str]:
    """URLs of the kinds' scripts for a page (PHONE, SCREEN, CONTROL, EDITOR): on a live page each kind's
    `<name>.js`, then its page's own file (`screen.js`, `control.js`; the editor: `editor.js`), each with a
    fingerprint, so that a browser keeps it for a year and fetches a new one after an update. `only`: just these
    kinds."""
    urls = []
    for name, kind in KINDS.items():
        if only is not None and name not in only:
            continue  # a phone loads only the kinds of its workshop
        files = ([f"{name}.js"] if page in LIVE_PAGES else []) + ([f"{page}.js"] if page != PHONE else [])
        for path in (kind.folder / "static" / file for file in files):
            if path.is_file():
                urls.append(url_for("kinds.asset", name=name, filename=path.name, v=_fingerprint(path)))
    return urls


@blueprint.get("/<name>/<path:filename>")
def asset(name: str, filename: str):
    kind = KINDS.get(name)
    if kind is None:
        abort(404)
    folder = kind.folder / "static"
    path = (folder / filename).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        abort(404)
    current = request.args.get("v") == _fingerprint(path)
    response = send_from_directory(folder, filename, max_age=YEAR if current else 0)
    if current:
        response.cache_control.immutable = True
    return response


def translation_directories(app: Flask) -> str:
    """The app's catalog plus every kind folder's own `translations/` (Flask-Babel merges them)."""
    folders = [app.config["BABEL_TRANSLATION_DIRECTORIES"]]
    folders += [str(kind.folder / "translations") for kind in KINDS.values()
                if (kind.folder / "translations").is_dir()]
    return ";".join(folders)


def init_app(app: Flask) -> None:
    """Before Flask-Babel's init_app: the kinds of KINDS_PATH, their catalogs, templates, scripts and globals."""
    extend(app.config.get("KINDS_PATH"))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories(app)
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, KindTemplates()])
    app.jinja_env.globals.update(kind_parts=kind_parts, kind_part=template_of, kind_scripts=kind_scripts,
                                 kind_labels=kind_labels, kinds=KINDS)
    app.register_blueprint(blueprint)
