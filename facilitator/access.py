"""Who is calling: a trainer by bearer token or by login session (+ CSRF for changes); their workshops only."""
from __future__ import annotations

import functools

from flask import abort, g, request
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf

from workshop.accounts import trainer_by_token
from workshop.engine import EngineError, workshop_of_organisation
from workshop.models import Trainer, Workshop

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _api_trainer() -> Trainer:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, token = header.partition(" ")
        trainer = trainer_by_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if trainer is None:
            raise EngineError("unauthorized")
        return trainer
    if not current_user.is_authenticated:
        raise EngineError("unauthorized")
    if request.method not in SAFE_METHODS:
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError:
            raise EngineError("csrf") from None
    return current_user._get_current_object()


def api_trainer_required(view):
    """Resolve the trainer into g.trainer; 401 JSON when there is none."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.trainer = _api_trainer()
        return view(*args, **kwargs)
    return wrapper


def own_workshop(code: str) -> Workshop:
    """The calling trainer's organisation's workshop with this code; 'not_found' for anything else."""
    return workshop_of_organisation(code, g.trainer.organisation_id)


def own_workshop_or_404(code: str) -> Workshop:
    """For pages: the logged-in trainer's organisation's workshop with this code; the 404 page for anything else."""
    try:
        return workshop_of_organisation(code, current_user.organisation_id)
    except EngineError:
        abort(404)
