"""One workshop in the archive: exports, its toolkit, the hand-out link for participants, removing names,
deleting it; and the public, read-only hand-out page behind the link."""
from __future__ import annotations

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from exercises.kinds import kind_of
from facilitator.access import own_workshop_or_404
from facilitator.archive.pages import blueprint, render_toolkit
from workshop.archive import handout, handout_cache, privacy
from workshop.archive.exports import workshop_tips
from workshop.links import public_base
from workshop.models import Workshop


def handout_url(workshop: Workshop) -> str | None:
    link = handout.handout_link(workshop)
    return f"{public_base()}/handout/{link.token}" if link else None


def lessons_of(workshop: Workshop) -> list[dict]:
    """The workshop's cases with their explanations, unless the trainer asked for the tips alone (`?cases=0`)."""
    return [] if request.args.get("cases") == "0" else handout.workshop_lessons(workshop)


def results_of(workshop: Workshop) -> tuple[list[dict], str]:
    """Per exercise the figure that matters (the kind's summary), and the answers counted per kind in words
    ("12 tips, 40 woorden, 21 stemmen")."""
    results, totals = [], {}
    for run in workshop.runs:
        kind = kind_of(run.kind)
        results.append({"run": run, "label": str(kind.label)} | kind.summary(run))
        totals[kind.name] = totals.get(kind.name, 0) + results[-1]["count"]
    return results, ", ".join(kind_of(name).counted(count) for name, count in totals.items())


@blueprint.get("/facilitator/archive/workshops/<code>")
@login_required
def workshop_page(code: str):
    workshop = own_workshop_or_404(code)
    results, counted = results_of(workshop)
    return render_template("archive/workshop.html", workshop=workshop, size=privacy.workshop_size(workshop),
                           named=privacy.named_participants(workshop), handout_url=handout_url(workshop),
                           results=results, counted=counted)


def workshop_sections(workshop: Workshop, limit: int) -> list:
    """The hand-out's tips sections, with pitfall-tagged replies as the trainer chose (`?pitfalls=`)."""
    return handout.build_toolkit(workshop_tips(workshop), handout.workshop_exercises(workshop), limit,
                                 handout.parse_pitfalls(request.args.get("pitfalls")))


def workshop_toolkit(code: str, pdf: bool):
    workshop = own_workshop_or_404(code)
    sections = workshop_sections(workshop, handout.parse_limit(request.args.get("limit")))
    query = {k: v for k, v in request.args.items() if v and k in ("limit", "cases", "pitfalls")}
    return render_toolkit(sections, workshop.organisation.name, pdf, f"toolkit-{workshop.code}.pdf",
                          workshop=workshop, lessons=lessons_of(workshop),
                          pitfalls=handout.parse_pitfalls(request.args.get("pitfalls")),
                          choice_args={k: v for k, v in query.items() if k != "pitfalls"},
                          pdf_url=url_for("archive.workshop_toolkit_pdf", code=workshop.code, **query),
                          back_url=url_for("archive.workshop_page", code=workshop.code))


@blueprint.get("/facilitator/archive/workshops/<code>/toolkit")
@login_required
def workshop_toolkit_page(code: str):
    return workshop_toolkit(code, pdf=False)


@blueprint.get("/facilitator/archive/workshops/<code>/toolkit.pdf")
@login_required
def workshop_toolkit_pdf(code: str):
    return workshop_toolkit(code, pdf=True)


@blueprint.post("/facilitator/archive/workshops/<code>/handout")
@login_required
def share_handout(code: str):
    workshop = own_workshop_or_404(code)
    if request.form.get("shared") == "1":
        handout.share_handout(workshop)
        flash(_("De hand-out is gedeeld. Geef de deelnemers de link."), "info")
    else:
        handout.stop_sharing(workshop)
        flash(_("De link naar de hand-out is uitgezet; hij werkt niet meer."), "info")
    return redirect(url_for("archive.workshop_page", code=workshop.code))


@blueprint.post("/facilitator/archive/workshops/<code>/remove-names")
@login_required
def remove_names(code: str):
    workshop = own_workshop_or_404(code)
    removed = privacy.remove_names(workshop)
    flash(ngettext("%(num)s naam verwijderd. De tips en stemmen blijven, zonder naam.",
                   "%(num)s namen verwijderd. De tips en stemmen blijven, zonder naam.", removed), "info")
    return redirect(url_for("archive.workshop_page", code=workshop.code))


@blueprint.get("/facilitator/archive/workshops/<code>/delete")
@login_required
def confirm_delete(code: str):
    workshop = own_workshop_or_404(code)
    return render_template("archive/delete.html", workshop=workshop, size=privacy.workshop_size(workshop))


@blueprint.post("/facilitator/archive/workshops/<code>/delete")
@login_required
def delete_workshop(code: str):
    workshop = own_workshop_or_404(code)
    if request.form.get("confirm") != workshop.code:
        flash(_("Typ de code van de workshop over om te bevestigen dat je hem wilt verwijderen."), "error")
        return redirect(url_for("archive.confirm_delete", code=workshop.code))
    size = privacy.delete_workshop(workshop)
    flash(_("Workshop %(code)s (%(title)s) is verwijderd, met %(tips)s tips en %(votes)s stemmen.",
            code=size.code, title=size.title, tips=size.tips, votes=size.votes), "info")
    return redirect(url_for("archive.archive_page"))


# --- the public hand-out ------------------------------------------------------------------------------------

def _handout_or_gone(token: str):
    workshop = handout.workshop_by_handout_token(token)
    if workshop is None:
        page = render_template("error.html", title=_("Niet meer beschikbaar"),
                               message=_("Deze hand-out is niet (meer) beschikbaar. De trainer kan de link "
                                         "uitgezet hebben; vraag hem of haar om een nieuwe."))
        abort(_private(make_response(page, 404)))
    return workshop


def _private(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"  # switching the link off must take effect at once
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


@blueprint.get("/handout/<token>")
def handout_page(token: str):
    workshop = _handout_or_gone(token)
    sections = workshop_sections(workshop, 500)
    return _private(render_toolkit(sections, workshop.organisation.name, False, "", workshop=workshop,
                                   lessons=lessons_of(workshop), public=True,
                                   pdf_url=url_for("archive.handout_pdf", token=token)))


@blueprint.get("/handout/<token>.pdf")
def handout_pdf(token: str):
    """Printed once per version of the hand-out (workshop/archive/handout_cache.py); a link that keeps asking for
    new prints gets 429, and its prints count towards its organisation's share of the heavy-work pool."""
    workshop = _handout_or_gone(token)
    g.heavy_work_owner = workshop.organisation_id
    sections = workshop_sections(workshop, 500)
    try:
        return _private(render_toolkit(sections, workshop.organisation.name, True, f"toolkit-{workshop.code}.pdf",
                                       printer=lambda html: handout_cache.handout_pdf(token, html),
                                       workshop=workshop, lessons=lessons_of(workshop), public=True))
    except handout_cache.LinkBusy:
        page = render_template("error.html", title=_("Even wachten"),
                               message=_("Deze hand-out wordt nu erg vaak opnieuw gemaakt. Probeer het over een "
                                         "paar minuten opnieuw."))
        response = _private(make_response(page, 429))
        response.headers["Retry-After"] = "120"
        return response
