"""Flask extensions, created once and bound to the app in create_app."""
from flask import g, has_request_context, request, session
from flask_babel import Babel, refresh
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

LANGUAGES = ("nl", "en")

migrate = Migrate()
compress = Compress()  # gzip/brotli: the participant page must stay light on weak venue Wi-Fi
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()


def select_locale() -> str:
    """`?lang=` (remembered in the session), else the workshop's language on its phone and projector pages, else
    the browser's Accept-Language, else Dutch."""
    if not has_request_context():
        return "nl"
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    if session.get("lang") in LANGUAGES:  # an earlier ?lang= is the participant's own pick: it stays
        return session["lang"]
    if g.get("workshop_language") in LANGUAGES:
        return g.workshop_language
    return request.accept_languages.best_match(LANGUAGES, default="nl")


def use_workshop_language(language: str) -> None:
    """A workshop's phone or projector page: its language, unless this request asks for another with ?lang=."""
    g.workshop_language = language
    refresh()


babel = Babel()
