"""Typed engine errors: a machine-readable code (never translated) and a Dutch message (English on request)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _

from exercises.kinds.port import KindRefusal

MESSAGES = {
    "invalid": _("Dit verzoek klopt niet. Ververs de pagina en probeer het opnieuw."),
    "unknown_code": _("Deze workshopcode bestaat niet. Controleer de code en probeer het opnieuw."),
    "ended": _("Deze workshop is afgelopen."),
    "closed": _("Dit is gesloten: er kan niets meer bij."),
    "full": _("Er kunnen geen nieuwe deelnemers meer bij."),
    "forbidden": _("Deze sleutel hoort niet bij deze workshop."),
    "not_joined": _("Je doet nog niet mee. Ververs de pagina om mee te doen."),
    "wrong_kind": _("Dat kan niet bij deze oefening."),
    "not_open": _("Deze oefening staat nu niet open."),
    "empty": _("Je tip is leeg. Typ eerst een tip."),
    "too_long": _("Je tip is te lang: maximaal 280 tekens."),
    "rate_limited": _("Je stuurt erg veel achter elkaar. Wacht even en probeer het dan opnieuw."),
    "unknown_tip": _("Deze tip bestaat niet (meer)."),
    "too_many": _("Je hebt al het maximale aantal woorden gestuurd."),
    "unknown_tag": _("Deze tag bestaat niet."),
    "invalid_word_list": _("Geef de woorden als tekst, één per regel, samen hooguit 20.000 tekens."),
    "own_tip": _("Op je eigen tip kun je niet stemmen."),
    "unknown_option": _("Dit antwoord hoort niet bij deze casus."),
    "unknown_action": _("Deze actie bestaat niet."),
    "bad_index": _("Deze oefening bestaat niet in deze workshop."),
    "no_current": _("Kies eerst een oefening."),
    "invalid_phase": _("Dat kan niet in deze fase van de oefening."),
    "not_ended": _("De workshop loopt nog: de samenvatting komt als je de workshop afsluit."),
    "bad_page": _("Deze pagina van de samenvatting bestaat niet."),
    "no_timer": _("Er loopt geen timer bij deze oefening."),
    "unknown_exercise": _("Deze oefening staat niet in de bibliotheek."),
    "invalid_exercise": _("De oefening klopt nog niet: bekijk de problemen per veld."),
    "read_only": _("Een oefening uit de bibliotheek kun je niet wijzigen. Maak een kopie om aan te passen."),
    "started": _("Deze workshop is al begonnen: de volgorde van de oefeningen ligt nu vast."),
    "invalid_language": _("Kies als taal nl (Nederlands) of en (Engels)."),
    "empty_title": _("Geef de workshop een titel."),
    "no_exercises": _("Kies minstens één oefening."),
    "too_many_exercises": _("Een workshop heeft hoogstens 100 oefeningen."),
    "not_found": _("Niet gevonden."),
    "unauthorized": _("Log in of gebruik een geldige API-sleutel."),
    "csrf": _("Je sessie is verlopen. Ververs de pagina en probeer het opnieuw."),
    "bad_json": _("De inhoud is geen geldig JSON-object."),
    "server_error": _("Er ging iets mis aan onze kant. Probeer het opnieuw."),
    "invalid_max_participants": _("Geef max_participants als een heel getal van 1 tot en met 5000."),
    "invalid_import": _("Het bestand is niet geïmporteerd: het bevat fouten. Er is niets opgeslagen."),
    "busy": _("Het is nu erg druk op de server. Probeer het over een halve minuut opnieuw."),
    "invalid_date": _("Gebruik een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-31."),
    "mixed_prompts": _("Alleen tips bij dezelfde vraag kun je samenvoegen."),
    "invalid_retention": _("Vul een aantal dagen in tussen 1 en 3650, of laat het veld leeg om te bewaren."),
    "invalid_colour": _("Geef een kleur als hexcode, bijvoorbeeld #0f5e6b."),
    "invalid_team": _("Geef het team een naam van 1 tot 60 tekens, of laat het veld leeg."),
    "invalid_period": _("De begindatum ligt na de einddatum. Kies een periode die klopt."),
    "invalid_filter": _("Dit filter klopt niet. Kies een team (hooguit 60 tekens) en een oefening uit de lijst."),
    "low_contrast": _("Deze kleur is te licht: witte tekst erop (en de kleur als tekst) is slecht leesbaar. "
                      "Kies een donkerdere kleur."),
}


# The HTTP status of an error code, for every JSON route (/api/v1, the follow-up's phone routes); any other code is a
# 400: the request itself is wrong.
HTTP_STATUS = {"unauthorized": 401, "forbidden": 403, "read_only": 403, "not_found": 404, "started": 409, "full": 409,
               "closed": 410, "rate_limited": 429, "busy": 503}


def http_status(code: str) -> int:
    return HTTP_STATUS.get(code, 400)


class EngineError(Exception):
    """Raised by the engine; routes and socket handlers turn it into {"error": code, "message": text}."""

    def __init__(self, code: str, message=None):
        """`message`: a more precise text than the code's own (e.g. a word's length limit rather than a tip's)."""
        assert code in MESSAGES, code
        super().__init__(code)
        self.code = code
        self.custom_message = message

    @property
    def message(self) -> str:
        return str(self.custom_message or MESSAGES[self.code])

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message}


class InvalidExercise(EngineError):
    """An exercise document with problems: every one of them, each with its field (`options[2].tag`)."""

    def __init__(self, problems: list):
        super().__init__("invalid_exercise")
        self.problems = problems

    def as_dict(self) -> dict:
        return super().as_dict() | {"problems": [problem.as_json() for problem in self.problems]}


def error_body(code: str) -> dict:
    return EngineError(code).as_dict()


def kind_call(method, *args):
    """A call into a kind (an answer's check, a kind's own control action); the kind's own refusal (KindRefusal,
    which carries the contract's code) becomes the EngineError every route and event answers with. The one place
    that maps it."""
    try:
        return method(*args)
    except KindRefusal as refusal:
        raise EngineError(refusal.code) from None


def kind_answer(kind, content: dict, value):
    """A kind's check of a participant's answer (`kind.answer`), refusals mapped by kind_call."""
    return kind_call(kind.answer, content, value)
