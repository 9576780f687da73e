"""/api/v1 routes of the archive: search, curation, exports, hand-out link, names, deletion, organisation export.

Same authentication as facilitator/api.py (bearer token, or session cookie + X-CSRFToken for changes); another
organisation's workshops and tips are 404. Thin: parse, call the domain functions, answer.
"""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from facilitator import api_errors
from facilitator.access import api_trainer_required, own_workshop
from facilitator.api_errors import json_object, page_argument
from workshop import offload
from workshop.archive import exports, handout, importer, privacy
from workshop.archive.curation import curate
from workshop.archive.index import sync_archive
from workshop.archive.search import archive_document, parse_filters
from workshop.archive.workbook import archive_workbook_file, summary_rows, workbook_bytes, workshop_sheets
from workshop.broadcast import broadcaster
from workshop.engine import EngineError
from workshop.links import public_base
from workshop.models import Organisation, db

blueprint = Blueprint("archive_api", __name__, url_prefix="/api/v1")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_DEFAULT = 100
PAGE_MAX = 1000
OFFSET_MAX = 10**9


api_errors.register(blueprint)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def csv_response(rows: list[dict], filename: str) -> Response:
    response = _download(offload.in_process(exports.csv_bytes, rows), "text/csv", filename)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


def json_download(document: dict, filename: str) -> Response:
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response




def _organisation_name() -> str:
    return db.session.get(Organisation, g.trainer.organisation_id).name


# --- the archive ---------------------------------------------------------------------------------------------

@blueprint.get("/archive")
@api_trainer_required
def archive():
    filters = parse_filters(request.args)
    return jsonify(archive_document(g.trainer.organisation_id, filters,
                                    limit=page_argument("limit", PAGE_DEFAULT, PAGE_MAX),
                                    offset=page_argument("offset", 0, OFFSET_MAX)))


@blueprint.post("/archive/import")
@api_trainer_required
def archive_import():
    """Body: a CSV file (text/csv, UTF-8, `,` or `;`), at most 1 MB; all or nothing."""
    try:
        imported, codes = importer.import_csv(g.trainer.organisation_id, g.trainer.id,
                                              request.get_data(cache=False))
    except importer.ImportRejected as rejected:
        db.session.rollback()
        return jsonify(EngineError("invalid_import").as_dict() | {"problems": rejected.problems}), 400
    return jsonify({"imported": imported, "workshops": codes}), 201


@blueprint.post("/archive/curate")
@api_trainer_required
def archive_curate():
    body = json_object()
    result = curate(g.trainer.organisation_id, body)
    if result.code:
        broadcaster.changed(result.code, result.changed)
    return jsonify(result.data)


@blueprint.get("/archive/export.csv")
@api_trainer_required
def archive_csv():
    filters = parse_filters(request.args)
    sync_archive(g.trainer.organisation_id)
    body = offload.in_app_process(exports.archive_csv_file, g.trainer.organisation_id, filters)
    response = _download(body, "text/csv", f"klantwijs-archief-{exports.now_iso()[:10]}.csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


@blueprint.get("/archive/export.xlsx")
@api_trainer_required
def archive_xlsx():
    filters = parse_filters(request.args)
    sync_archive(g.trainer.organisation_id)
    body = offload.in_app_process(archive_workbook_file, g.trainer.organisation_id, filters, _organisation_name())
    return _download(body, XLSX, f"klantwijs-archief-{exports.now_iso()[:10]}.xlsx")


@blueprint.get("/archive/export.json")
@api_trainer_required
def archive_json():
    filters = parse_filters(request.args)
    sync_archive(g.trainer.organisation_id)
    body = offload.in_app_process(exports.archive_json_file, g.trainer.organisation_id, filters)
    return _download(body, "application/json", f"klantwijs-archief-{exports.now_iso()[:10]}.json")


# --- one workshop --------------------------------------------------------------------------------------------

def _filename(workshop, extension: str) -> str:
    return f"klantwijs-{workshop.code}-{workshop.created.date().isoformat()}.{extension}"


@blueprint.get("/workshops/<code>/export.csv")
@api_trainer_required
def workshop_csv(code: str):
    workshop = own_workshop(code)
    return csv_response(exports.workshop_rows(workshop), _filename(workshop, "csv"))


@blueprint.get("/workshops/<code>/export.xlsx")
@api_trainer_required
def workshop_xlsx(code: str):
    workshop = own_workshop(code)
    team = f" · {workshop.team}" if workshop.team else ""
    subtitle = f"{workshop.title}{team} · {workshop.code} · {workshop.created.date().isoformat()}"
    body = offload.in_process(workbook_bytes, workshop_sheets(workshop, exports.workshop_rows(workshop)), subtitle,
                              summary_rows(workshop))
    return _download(body, XLSX, _filename(workshop, "xlsx"))


@blueprint.get("/workshops/<code>/export.json")
@api_trainer_required
def workshop_json(code: str):
    workshop = own_workshop(code)
    return json_download(exports.workshop_document(workshop), _filename(workshop, "json"))


def handout_state(workshop) -> dict:
    link = handout.handout_link(workshop)
    return {"shared": link is not None, "url": f"{public_base()}/handout/{link.token}" if link else None}


@blueprint.get("/workshops/<code>/handout")
@api_trainer_required
def get_handout(code: str):
    return jsonify(handout_state(own_workshop(code)))


@blueprint.post("/workshops/<code>/handout")
@api_trainer_required
def set_handout(code: str):
    workshop = own_workshop(code)
    body = json_object()
    if not isinstance(body.get("shared"), bool):
        raise EngineError("invalid")
    if body["shared"]:
        handout.share_handout(workshop)
    else:
        handout.stop_sharing(workshop)
    return jsonify(handout_state(workshop))


@blueprint.post("/workshops/<code>/remove-names")
@api_trainer_required
def remove_names(code: str):
    return jsonify({"removed": privacy.remove_names(own_workshop(code))})


@blueprint.delete("/workshops/<code>")
@api_trainer_required
def delete_workshop(code: str):
    size = privacy.delete_workshop(own_workshop(code))
    return jsonify({"deleted": size.code, "participants": size.participants, "tips": size.tips,
                    "votes": size.votes})


# --- the organisation ----------------------------------------------------------------------------------------

@blueprint.get("/organisation/export.json")
@api_trainer_required
def organisation_export():
    document = privacy.organisation_export(g.trainer.organisation_id)
    return json_download(document, f"klantwijs-organisatie-{exports.now_iso()[:10]}.json")
