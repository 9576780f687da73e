"""Trainer pages for exercises and reusable workshops: the library (filter, search, preview), the editor, duplicate
and delete buttons, duplicating a workshop and changing its exercises before it starts. Thin: forms and rendering;
the editor itself saves through /api/v1/exercises (static/js/editor.js)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exercises.kinds import KINDS, kind_of, tag_labels
from facilitator.access import own_workshop_or_404
from workshop import engine
from workshop import exercise_store as store
from workshop.engine import EngineError
from workshop.models import db

blueprint = Blueprint("authoring", __name__, template_folder="templates")


def _usable() -> dict:
    return store.exercises_for(current_user.organisation_id)


def _matches(exercise, kind: str, theme: str, words: list[str]) -> bool:
    if kind and exercise.kind != kind:
        return False
    if theme and (exercise.content.get("theme") or "") != theme:
        return False
    text = kind_of(exercise.kind).searchable(exercise.content).casefold()
    return all(word in text for word in words)


@blueprint.get("/facilitator/exercises")
@login_required
def library_page():
    everything = list(_usable().values())
    kind = request.args.get("kind", "") if request.args.get("kind") in KINDS else ""
    theme = request.args.get("theme", "")
    query = request.args.get("q", "")[:200]
    shown = [e for e in everything if _matches(e, kind, theme, query.casefold().split())]
    themes = sorted({e.content["theme"] for e in everything if e.content.get("theme")})
    return render_template("facilitator/library.html", exercises=shown, total=len(everything), kinds=KINDS,
                           themes=themes, kind=kind, theme=theme, q=query, tags=tag_labels())


def _editor(document: dict, exercise_id: str | None):
    kind = kind_of(document["kind"])
    return render_template("facilitator/editor.html", document=document, exercise_id=exercise_id, kind=kind,
                           tags=tag_labels())


@blueprint.get("/facilitator/exercises/new")
@login_required
def new_exercise():
    kind = request.args.get("kind")
    if kind not in KINDS:
        return redirect(url_for("authoring.new_exercise", kind="case"))
    return _editor({"kind": kind}, None)


@blueprint.get("/facilitator/exercises/<exercise_id>/edit")
@login_required
def edit_exercise(exercise_id: str):
    exercise = _usable().get(exercise_id)
    if exercise is None:
        abort(404)
    if exercise.source != store.ORGANISATION:
        return redirect(url_for("authoring.library_page", q=exercise.title))
    return _editor(exercise.content, exercise.id)


def _act(action, success: str, target):
    try:
        result = action()
    except EngineError as error:
        db.session.rollback()
        if error.code == "not_found":
            abort(404)
        flash(error.message, "error")
        return redirect(request.referrer or url_for("authoring.library_page"))
    flash(success, "info")
    return redirect(target(result))


@blueprint.post("/facilitator/exercises/<exercise_id>/duplicate")
@login_required
def duplicate_exercise(exercise_id: str):
    return _act(lambda: store.duplicate(current_user.organisation_id, exercise_id),
                _("Er is een kopie gemaakt. Pas hem hier aan."),
                lambda copy: url_for("authoring.edit_exercise", exercise_id=copy.id))


@blueprint.post("/facilitator/exercises/<exercise_id>/delete")
@login_required
def delete_exercise(exercise_id: str):
    return _act(lambda: store.delete(current_user.organisation_id, exercise_id),
                _("De oefening is verwijderd. Workshops die haar gebruikten, houden hun kopie."),
                lambda _result: url_for("authoring.library_page"))


def copy_title(title: str) -> str:
    return _("%(title)s (kopie)", title=title)


@blueprint.get("/facilitator/workshops/<code>/duplicate")
@login_required
def duplicate_workshop_page(code: str):
    """Duplicating asks for the copy's title first (default "<titel> (kopie)")."""
    workshop = own_workshop_or_404(code)
    return render_template("facilitator/duplicate_workshop.html", workshop=workshop,
                           title=copy_title(workshop.title))


@blueprint.post("/facilitator/workshops/<code>/duplicate")
@login_required
def duplicate_workshop(code: str):
    """The copy lands on its edit page: exercises, title and language can change until it starts."""
    def duplicate():
        original = engine.workshop_of_organisation(code, current_user.organisation_id)
        return engine.duplicate_workshop(current_user, original, request.form.get("title", copy_title(original.title)))
    return _act(duplicate, _("De workshop is gekopieerd: nieuwe code, zelfde oefeningen. Pas hem hier aan."),
                lambda copy: url_for("authoring.workshop_exercises", code=copy.code))


@blueprint.route("/facilitator/workshops/<code>/exercises", methods=["GET", "POST"])
@login_required
def workshop_exercises(code: str):
    """The workshop's exercises before it starts: move up or down, remove, add (plain forms, no script)."""
    workshop = own_workshop_or_404(code)
    if request.method == "POST" and "title" in request.form:
        return _act(lambda: engine.set_details(workshop, request.form.get("title"), request.form.get("language")),
                    _("De titel en de taal zijn opgeslagen."),
                    lambda _result: url_for("authoring.workshop_exercises", code=code))
    if request.method == "POST":
        items = list(range(len(workshop.runs)))
        index = request.form.get("index", type=int)
        step = {"up": -1, "down": 1}.get(request.form.get("move", ""))
        if step and index is not None and 0 <= index + step < len(items) and 0 <= index < len(items):
            items[index], items[index + step] = items[index + step], items[index]
        elif request.form.get("remove") and index in items:
            items.remove(index)
        elif request.form.get("add"):
            items.append(request.form.get("add"))
        return _act(lambda: engine.set_sequence(workshop, items, _usable()), _("De oefeningen zijn aangepast."),
                    lambda _result: url_for("authoring.workshop_exercises", code=code))
    library = sorted(_usable().values(), key=lambda e: e.title.casefold())
    return render_template("facilitator/workshop_exercises.html", workshop=workshop, library=library, kinds=KINDS,
                           minutes=sum(run.content.get("minutes") or 0 for run in workshop.runs))
