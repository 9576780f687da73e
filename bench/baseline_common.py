"""What the two baseline servers share: the events, the in-memory counts and the command line.

The baselines speak the subset of the Socket.IO contract (shared/contract.md) that the load generator uses:
`screen`, `join`, `vote` and `word`, answered with the same ack shapes, and `tally` / `presence` / `cloud` sent to
one room per workshop (a word cloud is counted in memory, entries folded by case, accents and punctuation).
They differ only in how they broadcast:

- coalesced (the floor of this stack): a change marks the workshop dirty; a ticker sends at most one `tally` and
  one `presence` every 0.1 s per workshop, carrying the full current figures.
- every change (the tutorial pattern): each vote sends `tally` and each join sends `presence` to the whole room.

Any code is accepted (a workshop is created on first use) and any screen key is accepted. There is no database.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402  (eventlet must patch the standard library first)
import gc  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

OPTIONS = ["a", "b", "c", "d"]
BROADCAST_INTERVAL_SECONDS = 0.1  # at most 10 messages a second of each kind, as the contract allows
CONNECTION_CAP = 4000  # eventlet.wsgi.server's max_size; its default of 1024 would refuse the 1025th socket
GC_THRESHOLDS = (10_000, 100, 10)  # the same garbage-collector settings as Klantwijs's server (workshop/server.py)


class Workshop:
    """One workshop with one current case exercise (index 0) that is open for votes."""

    def __init__(self, code):
        self.code = code
        self.participants = {}  # token -> participant id
        self.votes = {}  # participant id -> option id
        self.counts = {option: 0 for option in OPTIONS}
        self.tally_changed = False
        self.presence_changed = False
        self.words = Counter()  # folded word -> count
        self.spelling = {}  # folded word -> the first spelling
        self.entries = 0
        self.cloud_changed = False

    def add_participant(self, token):
        if token not in self.participants:
            self.participants[token] = len(self.participants) + 1
            self.presence_changed = True
        return self.participants[token]

    def record_vote(self, participant_id, option):
        previous = self.votes.get(participant_id)
        if previous == option:
            return
        if previous is not None:
            self.counts[previous] -= 1
        self.votes[participant_id] = option
        self.counts[option] += 1
        self.tally_changed = True

    def record_word(self, text):
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        key = " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())
        self.words[key] += 1
        self.spelling.setdefault(key, text)
        self.entries += 1
        self.cloud_changed = True

    def cloud(self):
        return {"index": 0, "total": self.entries,
                "words": [{"text": self.spelling[k], "count": n} for k, n in self.words.most_common(100)]}

    def tally(self):
        return {"index": 0, "total": len(self.votes), "counts": dict(self.counts)}

    def presence(self):
        return {"participants": len(self.participants)}

    def state(self):
        return {
            "workshop": {"code": self.code, "title": "Bench", "status": "live"},
            "participants": len(self.participants),
            "exercise": {
                "index": 0, "id": "bench-case", "kind": "case", "title": "Bench", "phase": "open",
                "results_visible": True, "story": "",
                "options": [{"id": option, "text": option} for option in OPTIONS], "revealed": None,
            },
        }


def raise_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def create_server(coalesce):
    """Build the Flask app and its SocketIO object; `coalesce` picks the broadcast pattern."""
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="eventlet")
    workshops = {}  # code -> Workshop
    sessions = {}  # socket id -> (workshop, participant id or None for a projector)

    def workshop_for(code):
        code = code.upper()
        if code not in workshops:
            workshops[code] = Workshop(code)
        return workshops[code]

    def flush(workshop):
        if workshop.tally_changed:
            workshop.tally_changed = False
            socketio.emit("tally", workshop.tally(), to=workshop.code)
        if workshop.presence_changed:
            workshop.presence_changed = False
            socketio.emit("presence", workshop.presence(), to=workshop.code)
        if workshop.cloud_changed:
            workshop.cloud_changed = False
            socketio.emit("cloud", workshop.cloud(), to=workshop.code)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @socketio.on("screen")
    def on_screen(payload):
        if not isinstance(payload, dict) or not isinstance(payload.get("code"), str):
            return {"ok": False, "error": "invalid", "message": "screen needs {code, key}"}
        workshop = workshop_for(payload["code"])
        sessions[request.sid] = (workshop, None)
        join_room(workshop.code)
        return {"ok": True, "state": workshop.state(), "tips": None, "tally": workshop.tally()}

    @socketio.on("join")
    def on_join(payload):
        if not isinstance(payload, dict) or not isinstance(payload.get("code"), str):
            return {"ok": False, "error": "invalid", "message": "join needs {code, token, name}"}
        workshop = workshop_for(payload["code"])
        token = payload.get("token") or uuid.uuid4().hex
        participant_id = workshop.add_participant(token)
        sessions[request.sid] = (workshop, participant_id)
        join_room(workshop.code)
        if not coalesce:
            flush(workshop)
        participant = {"id": participant_id, "name": payload.get("name"), "token": token}
        return {"ok": True, "participant": participant, "state": workshop.state(), "tips": None, "tally": None}

    @socketio.on("vote")
    def on_vote(payload):
        workshop, participant_id = sessions.get(request.sid, (None, None))
        if participant_id is None:
            return {"ok": False, "error": "not_joined", "message": "join first"}
        if not isinstance(payload, dict) or payload.get("option") not in OPTIONS:
            return {"ok": False, "error": "unknown_option", "message": "no such option"}
        workshop.record_vote(participant_id, payload["option"])
        if not coalesce:
            flush(workshop)
        return {"ok": True}

    @socketio.on("word")
    def on_word(payload):
        workshop, participant_id = sessions.get(request.sid, (None, None))
        if participant_id is None:
            return {"ok": False, "error": "not_joined", "message": "join first"}
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str) or not payload["text"].strip():
            return {"ok": False, "error": "empty", "message": "no word"}
        workshop.record_word(payload["text"].strip()[:30])
        if not coalesce:
            flush(workshop)
        return {"ok": True, "word": {"id": workshop.entries, "text": payload["text"].strip()[:30], "held": False}}

    @socketio.on("disconnect")
    def on_disconnect(*_reason):
        sessions.pop(request.sid, None)

    def tick_until(deadline):
        """Coalesced broadcasts every 0.1 s; ends the whole process at the deadline so no server outlives a run."""
        while time.monotonic() < deadline:
            socketio.sleep(BROADCAST_INTERVAL_SECONDS)
            if coalesce:
                for workshop in list(workshops.values()):
                    flush(workshop)
        os._exit(0)

    return app, socketio, tick_until


def tune_garbage_collector():
    """As `python wsgi.py` does: freeze start-up's objects and collect the young and middle generations less
    often, so that the comparison is about the design and not about a garbage-collector setting."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def main(coalesce):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lifetime", type=float, default=1800, help="seconds after which the server exits")
    args = parser.parse_args()
    raise_open_files_limit()
    app, socketio, tick_until = create_server(coalesce)
    socketio.start_background_task(tick_until, time.monotonic() + args.lifetime)
    tune_garbage_collector()
    # Flask-SocketIO forwards unknown run() kwargs to eventlet.wsgi.server, so max_size raises its connection cap.
    socketio.run(app, host="127.0.0.1", port=args.port, max_size=CONNECTION_CAP, log_output=False)
