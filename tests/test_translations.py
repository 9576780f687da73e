"""Dutch by default, English on request (`?lang=en`, remembered; or the browser's Accept-Language).

The English catalog must translate every text the source code marks for translation: a fresh extraction (the same
command as `make extract-messages`) is compared with workshop/translations/en/LC_MESSAGES/messages.po, so adding a
Dutch text without its English fails here. Then the pages, the strings the JavaScript shows and the Socket.IO errors
are checked in both languages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from exercises.kinds import KINDS, OPTION_TAGS
from tests import factories
from workshop.extensions import socketio

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_PO = ROOT / "workshop" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
SOURCES = ("workshop", "participant", "facilitator", "exercises")  # the folders `make extract-messages` reads
HOW_TO_FIX = "run `make extract-messages` and write the English in " + str(ENGLISH_PO.relative_to(ROOT))


# --- the catalog ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every message the source code marks for translation, extracted now exactly as `make extract-messages` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        CommandLineInterface().run(["pybabel", "--quiet", "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
                                    "-k", "_l", "-o", str(pot), *SOURCES])
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    messages = {message.id: message for message in catalog if message.id}
    assert len(messages) > 300, "the extraction found too few texts: is babel.cfg still right?"
    return messages


@pytest.fixture(scope="module")
def english():
    with ENGLISH_PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:2]) or "?"


def test_every_text_in_the_source_is_in_the_english_catalog(extracted, english):
    missing = [f"{_where(m)}: {m.id!r}" for key, m in extracted.items() if key not in english]
    assert not missing, f"{len(missing)} Dutch text(s) have no English entry; {HOW_TO_FIX}:\n" + "\n".join(missing)


def test_every_english_entry_is_translated_and_not_fuzzy(english):
    assert not english.fuzzy, "the catalog header is marked fuzzy"
    untranslated = [f"{_where(m)}: {m.id!r}" for m in english
                    if m.id and (m.fuzzy or not all(form.strip() for form in _forms(m)))]
    assert not untranslated, (f"{len(untranslated)} entr(ies) without a finished English translation "
                              f"(empty or fuzzy):\n" + "\n".join(untranslated))


def test_plural_entries_have_both_english_forms(english):
    plurals = [m for m in english if m.id and m.pluralizable]
    assert plurals, "the catalog has no plural entries; the toolkit and the archive use ngettext"
    assert english.num_plurals == 2
    assert all(len(_forms(m)) == 2 for m in plurals)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_placeholders_are_the_same_in_dutch_and_english(english):
    """A lost `{n}` shows a count-less sentence; an invented `%(name)s` breaks the page."""
    wrong = []
    for m in english:
        if not m.id:
            continue
        sources = list(m.id) if m.pluralizable else [m.id]
        for index, form in enumerate(_forms(m)):
            source = sources[min(index, len(sources) - 1)]
            if _placeholders(form) != _placeholders(source):
                wrong.append(f"{source!r} -> {form!r}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


# --- pages --------------------------------------------------------------------------------------------------

I18N_BLOCK = re.compile(r'<script type="application/json" data-i18n>(.*?)</script>', re.S)


def _text(page: str) -> str:
    """What a reader sees: the page without scripts and tags, whitespace collapsed."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _strings(page: str) -> dict:
    """The dictionaries the page hands to its JavaScript (KW.t)."""
    strings: dict = {}
    for block in I18N_BLOCK.findall(page):
        strings.update(json.loads(block))
    return strings


@pytest.fixture
def live(app, api):
    """A live workshop: its join path and projector path."""
    created = api.create_workshop([factories.TIPS_EXERCISE, factories.CASE_EXERCISE])
    screen = urlsplit(created["screen_url"])
    return {"join": f"/j/{created['code']}", "screen": f"{screen.path}?{screen.query}", "code": created["code"]}


def _get(client, path: str, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


# path -> (English a reader sees, the Dutch that must be gone, English the JavaScript shows: key -> text)
PAGES = {
    "landing": (["Join the workshop", "Scan the QR code on the screen, or type the workshop code here.",
                 "Trainer login", "Workshop code"],
                ["Doe mee met de workshop", "Inloggen als trainer", "Code van de workshop"], {}),
    "join": (["Your tip", "Tips from the group", "How the group voted"],
             ["Jouw tip", "Tips van de groep", "Versturen"],
             {"ended_title": "Thank you for taking part!", "connected": "Connected", "votes_many": "{n} votes",
              "tag:pitfall:giving-right": "Pitfall: siding with the customer"}),
    "login": (["Trainer login", "Email address", "Password", "Log in"],
              ["Inloggen als trainer", "E-mailadres", "Wachtwoord"], {}),
    "screen": (["Join in!", "Scan the QR code or go to", "Grab your phone, scan the QR code and join in.",
                "Hide QR code", "Full screen"],
               ["Doe mee!", "Scan de QR-code of ga naar", "QR-code verbergen", "Volledig scherm"],
               {"show_join": "Show QR code", "more_tips": "and {n} more", "participants_many": "{n} participants"}),
}


def _page_path(name: str, live: dict) -> str:
    return {"landing": "/", "login": "/facilitator/login", "join": live["join"], "screen": live["screen"]}[name]


@pytest.mark.parametrize("name", PAGES)
def test_pages_speak_english_with_lang_en(client, live, name):
    english_text, dutch_text, script_strings = PAGES[name]
    page = _get(client, _with_lang(_page_path(name, live), "en"))
    seen = _text(page)
    assert '<html lang="en">' in page
    for text in english_text:
        assert text in seen, f"{name}: {text!r} not on the English page"
    for text in dutch_text:
        assert text not in seen, f"{name}: Dutch {text!r} still on the English page"
    strings = _strings(page)
    for key, text in script_strings.items():
        assert strings.get(key) == text, f"{name}: the JavaScript would show {strings.get(key)!r} for {key!r}"


@pytest.mark.parametrize("name", PAGES)
def test_pages_are_dutch_by_default(app, live, name):
    english_text, dutch_text, script_strings = PAGES[name]
    page = _get(app.test_client(), _page_path(name, live))
    seen = _text(page)
    assert '<html lang="nl">' in page
    assert dutch_text[0] in seen and english_text[0] not in seen
    for key in script_strings:
        assert _strings(page)[key] != script_strings[key]


def test_the_language_choice_is_remembered_until_changed(client, live):
    _get(client, _with_lang(live["join"], "en"))
    login = _get(client, "/facilitator/login")
    assert '<html lang="en">' in login and "Trainer login" in _text(login)
    assert "Hide QR code" in _text(_get(client, live["screen"]))  # the projector's ?key= keeps the choice too

    landing = _get(client, "/?lang=nl")
    assert '<html lang="nl">' in landing and "Doe mee met de workshop" in _text(landing)
    assert "Inloggen als trainer" in _text(_get(client, "/facilitator/login"))


def _switch_link(page: str, lang: str) -> str:
    found = re.search(rf'href="(\?[^"]*\blang={lang}\b[^"]*)"', page)
    assert found, f"no link to the {lang} version on the page"
    return found.group(1).replace("&amp;", "&")


def test_the_language_switch_changes_the_language(client, live):
    dutch = _get(client, live["join"])
    english = _get(client, live["join"] + _switch_link(dutch, "en"))
    assert '<html lang="en">' in english and "Tips from the group" in _text(english)
    again = _get(client, live["join"] + _switch_link(english, "nl"))
    assert '<html lang="nl">' in again and "Tips van de groep" in _text(again)


@pytest.mark.parametrize("header", ["en", "en-GB,en;q=0.9,nl;q=0.5", "en-US"])
def test_an_english_browser_gets_english(app, live, header):
    client = app.test_client()
    landing = _get(client, "/", **{"Accept-Language": header})
    assert '<html lang="en">' in landing and "Join the workshop" in _text(landing)
    # contract v2: the projector of a Dutch workshop stays Dutch, whatever the browser says
    assert "Doe mee!" in _text(_get(client, live["screen"], **{"Accept-Language": header}))


@pytest.mark.parametrize("header", ["nl-NL,nl;q=0.9,en;q=0.8", "de-DE,de;q=0.9", "fr"])
def test_other_browsers_get_dutch(app, header):
    landing = _get(app.test_client(), "/", **{"Accept-Language": header})
    assert '<html lang="nl">' in landing and "Doe mee met de workshop" in _text(landing)


def test_lang_in_the_url_wins_over_the_browser(app):
    client = app.test_client()
    landing = _get(client, "/?lang=nl", **{"Accept-Language": "en"})
    assert '<html lang="nl">' in landing
    assert '<html lang="nl">' in _get(client, "/privacy", **{"Accept-Language": "en"})  # remembered


def test_python_messages_follow_the_language(app, client, trainer, auth):
    """Flash messages and API errors are made in Python: they follow the chosen language as well."""
    _get(client, "/facilitator/login?lang=en")
    token = auth.csrf_token()
    failed = client.post("/facilitator/login", data={"email": trainer.email, "password": "wrong-password",
                                                     "csrf_token": token})
    assert failed.status_code == 401
    assert "This email address and password do not match." in _text(failed.get_data(as_text=True))

    english_api = app.test_client().get("/api/v1/exercises?lang=en").get_json()
    dutch_api = app.test_client().get("/api/v1/exercises").get_json()
    assert english_api == {"error": "unauthorized", "message": "Log in or use a valid API key."}
    assert dutch_api == {"error": "unauthorized", "message": "Log in of gebruik een geldige API-sleutel."}


# --- what the JavaScript shows -------------------------------------------------------------------------------

JS = ROOT / "static" / "js"
CONNECTION_STATES = ("connecting", "connected", "reconnecting", "offline")  # common.js shows t(state)
DYNAMIC = {"phase": ("ready", "open", "closed", "revealed"), "kind": tuple(KINDS)}


def script_file(url: str) -> Path:
    """A script's file from its URL: /static/js/<file>, or a kind's /kinds/<name>/<file> (from the kind's folder)."""
    path = url.split("?", 1)[0]
    if path.startswith("/kinds/"):
        _empty, _kinds, name, file = path.split("/", 3)
        return KINDS[name].folder / "static" / file
    return JS / path.split("/static/js/", 1)[1]


def keys_asked_for(script: str) -> set[str]:
    """The keys a script (a file name in static/js, or a script URL) passes to KW.t / KW.count, literal or built
    from a phase, a kind or a tag."""
    source = (script_file(script) if "/" in script else JS / script).read_text(encoding="utf-8")
    keys = set(re.findall(r'\bt\(\s*"([^"]+)"(?!\s*\+)', source))
    for yes, no in re.findall(r'\bt\([^()?]*\?\s*"([^"]+)"\s*:\s*"([^"]+)"\s*\)', source):
        keys |= {yes, no}
    keys |= set(re.findall(r'"(phase_\w+)"', source))  # screen.js picks its phase key first, then calls t(key)
    keys |= set(re.findall(r'openKey:\s*"(\w+)"', source))  # a kind's phase key for the projector's chip
    for prefix, what in re.findall(r'\bt\(\s*"(\w+_)"\s*\+\s*[\w.]+\.(phase|kind)\b', source):
        keys |= {prefix + value for value in DYNAMIC[what]}
    for base in re.findall(r'\bcount\(\s*"(\w+)"', source):
        keys |= {base + "_one", base + "_many"}
    if "tagLabel(" in source:
        keys |= {"tag:" + tag for tag in OPTION_TAGS}
    if script == "common.js":
        keys |= set(CONNECTION_STATES)
    return keys


def test_the_key_scan_sees_the_scripts_strings():
    assert {"hide_join", "show_join", "more_tips", "participants_many"} <= keys_asked_for("screen.js")
    assert {"screen_open_case", "votes_many", "step_of"} <= keys_asked_for("/kinds/case/screen.js?v=1")
    assert {"vote_saved", "phase_open_case", "my_choice"} <= keys_asked_for("/kinds/case/case.js?v=1")
    assert {"phase_revealed", "kind_case", "hidden_count", "copy_failed"} <= keys_asked_for("control.js")
    assert {"new_exercise", "ended_title", "tag:handle:facts"} <= keys_asked_for("participant.js")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", ["join", "screen", "control", "dashboard"])
def test_every_text_the_javascript_shows_is_on_its_page(client, auth, live, page, lang):
    """A key missing from the page's data-i18n dictionaries would show up as the bare key (say `hidden_count`)."""
    auth.login()
    path = {"join": live["join"], "screen": live["screen"], "control": f"/facilitator/workshops/{live['code']}",
            "dashboard": "/facilitator/"}[page]
    html = _get(client, _with_lang(path, lang))
    scripts = re.findall(r'(/static/js/\w+\.js|/kinds/\w+/\w+\.js)', html)  # every kind's own script too
    assert any(s.startswith("/kinds/") for s in scripts) == (page != "dashboard")
    assert scripts, f"{page} loads no scripts"
    live_page = "socket.io" in html  # common.js's own strings (connection, votes, tags) belong to the live pages
    needed = set().union(*(keys_asked_for(s) for s in scripts if s != "/static/js/common.js" or live_page))
    strings = _strings(html)
    assert needed <= strings.keys(), f"{page} ({lang}) lacks {sorted(needed - strings.keys())}"
    assert all(isinstance(strings[k], str) and strings[k].strip() for k in needed)


def test_control_page_counts_hidden_tips_in_english(client, auth, live):
    auth.login()
    strings = _strings(_get(client, f"/facilitator/workshops/{live['code']}?lang=en"))
    assert strings["hidden_count"] == "{n} hidden"
    assert strings["confirm_end"].startswith("Are you sure you want to end the workshop?")
    assert strings["exercise_of"] == "Exercise {n} of {total}"


# --- Socket.IO ----------------------------------------------------------------------------------------------

UNKNOWN_CODE = {"nl": "Deze workshopcode bestaat niet. Controleer de code en probeer het opnieuw.",
                "en": "This workshop code does not exist. Check the code and try again."}
NOT_JOINED = {"nl": "Je doet nog niet mee. Ververs de pagina om mee te doen.",
              "en": "You have not joined yet. Refresh the page to join."}


@pytest.fixture
def sockets(app):
    """socket(query_string=..., headers=...) connects like the browser's io({query: {lang}})."""
    made = []

    def connect(**options):
        client = socketio.test_client(app, **options)
        assert client.is_connected()
        made.append(client)
        return client
    yield connect
    for client in made:
        if client.is_connected():
            client.disconnect()


@pytest.mark.parametrize("lang, options", [
    ("en", {"query_string": "lang=en"}),
    ("en", {"headers": {"Accept-Language": "en-GB,en;q=0.8"}}),
    ("nl", {}),
    ("nl", {"query_string": "lang=nl", "headers": {"Accept-Language": "en"}}),
])
def test_socket_errors_come_in_the_sockets_language(sockets, live, lang, options):
    phone = sockets(**options)
    unknown = phone.emit("join", {"code": "ZZZZZZ"}, callback=True)
    assert unknown == {"ok": False, "error": "unknown_code", "message": UNKNOWN_CODE[lang]}
    early_tip = phone.emit("tip", {"text": "Eerst luisteren"}, callback=True)
    assert early_tip == {"ok": False, "error": "not_joined", "message": NOT_JOINED[lang]}


def test_the_error_code_is_the_same_in_both_languages(sockets, live):
    """Scripts rely on `error`; only `message` is translated."""
    english, dutch = sockets(query_string="lang=en"), sockets()
    payload = {"code": live["code"], "key": "not-the-key"}
    en, nl = english.emit("screen", payload, callback=True), dutch.emit("screen", payload, callback=True)
    assert en["error"] == nl["error"] == "forbidden"
    assert en["message"] == "This key does not belong to this workshop."
    assert nl["message"] == "Deze sleutel hoort niet bij deze workshop."
