"""The organisation's insights at scale: a small organisation and one of 500 workshops with 20,000 participants,
in one run.

For each size: a fresh `python wsgi.py`, the organisation seeded straight into its database (workshops over two
years in five teams, each a self-assessment before, two cases and the same question after; every participant
answers all four; a follow-up of each workshop's two cases and closing question, answered by about 60% of its
participants with their workshop token and by four newcomers), then: the first insights page (it indexes every
run's options once), the warm median of the page (`/facilitator/insights`), of `GET /api/v1/insights`, of a
filtered one (`?team=...`) and of the CSV, and a phone's vote acknowledgement in a live workshop while the page is
being loaded again and again (median and worst), beside the same without the page. Ratios are large / small.

    .venv/bin/python bench/insights.py [--sizes 10x40,500x40]   (workshops x participants per workshop)
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

from backoffice import TRAINER_EMAIL, median_ms, start_server, timed
from run import REPO_DIR
from timing import each_size, open_workshop, phone_in, ratio, write_results

if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

TEAMS = ("Klantcontact", "Wijkbeheer", "Nieuwe collega's", "Verhuur", None)
EXERCISES = ("zeker-slecht-nieuws-start", "vier-keer-bellen", "te-hoog-inkomen", "zeker-slecht-nieuws-eind")
CASE_OPTIONS = {"vier-keer-bellen": "abcde", "te-hoog-inkomen": "abcdef"}
ACK_ROUNDS = 40
FOLLOWUP_SHARE = 0.6  # of a workshop's participants who answer its follow-up (with their workshop token)
FOLLOWUP_NEWCOMERS = 4  # phones without a workshop token per follow-up
METRICS = ("first_page_ms", "page_ms", "api_ms", "api_team_ms", "csv_ms")


def seed(data_dir: Path, workshops: int, per_workshop: int, seed_value: int = 11) -> int:
    """Workshops, participants, their answers and their follow-up answers written with Core inserts into the
    server's database; answers the number of votes."""
    os.environ["KLANTWIJS_DATA_DIR"] = str(data_dir)
    from workshop import create_app, engine
    from workshop.models import Participant, Trainer, Vote, db
    chance = random.Random(seed_value)
    app = create_app({"ASYNC_MODE": "threading"})
    votes = 0
    with app.app_context():
        trainer = db.session.query(Trainer).filter_by(email=TRAINER_EMAIL).one()
        library = app.extensions["klantwijs_library"]
        start = datetime.datetime(2025, 1, 6, 9)
        for number in range(workshops):
            workshop = engine.create_workshop(trainer, f"Training {number}", list(EXERCISES), library,
                                              team=TEAMS[number % len(TEAMS)])
            workshop.created = start + datetime.timedelta(days=int(730 * number / max(workshops, 1)))
            workshop.status = "ended"
            db.session.commit()
            runs = [run.id for run in workshop.runs]
            rows = [{"workshop_id": workshop.id, "token_hash": secrets.token_hex(32)} for _ in range(per_workshop)]
            db.session.execute(Participant.__table__.insert(), rows)
            ids = list(db.session.scalars(db.select(Participant.id).where(Participant.workshop_id == workshop.id)))
            answers = []
            for person in ids:
                before = chance.randint(1, 4)
                answers.append({"run_id": runs[0], "participant_id": person, "option_id": str(before)})
                for run, exercise in ((runs[1], EXERCISES[1]), (runs[2], EXERCISES[2])):
                    answers.append({"run_id": run, "participant_id": person,
                                    "option_id": chance.choice(CASE_OPTIONS[exercise])})
                if chance.random() < 0.9:
                    answers.append({"run_id": runs[3], "participant_id": person,
                                    "option_id": str(min(5, before + chance.randint(0, 2)))})
            db.session.execute(Vote.__table__.insert(), answers)
            db.session.commit()
            votes += len(answers)
            seed_followup(workshop, ids, library, chance)
        db.session.remove()
        db.engine.dispose()
    return votes


def seed_followup(workshop, participant_ids: list[int], library, chance: random.Random) -> None:
    """The workshop's follow-up (its default exercises: the two cases and the closing question), answered by
    FOLLOWUP_SHARE of the room with their workshop token and FOLLOWUP_NEWCOMERS new phones."""
    from workshop.followup.models import FollowupAnswer, FollowupParticipant
    from workshop.followup.service import create_followup
    from workshop.models import db
    followup = create_followup(workshop, None, 14, library)
    exercises = [(e.id, e.exercise_id) for e in followup.exercises]
    room = [p for p in participant_ids if chance.random() < FOLLOWUP_SHARE] + [None] * FOLLOWUP_NEWCOMERS
    db.session.execute(FollowupParticipant.__table__.insert(), [
        {"followup_id": followup.id, "participant_id": p, "token_hash": secrets.token_hex(32)} for p in room])
    people = db.session.scalars(db.select(FollowupParticipant.id).where(FollowupParticipant.followup_id == followup.id))
    answers = []
    for person in people:
        for exercise_row, exercise_id in exercises:
            value = chance.choice(CASE_OPTIONS[exercise_id]) if exercise_id in CASE_OPTIONS \
                else str(chance.randint(2, 5))
            answers.append({"followup_participant_id": person, "followup_exercise_id": exercise_row, "scene": "",
                            "option_id": value})
    db.session.execute(FollowupAnswer.__table__.insert(), answers)
    db.session.commit()


def live_vote_acks(base_url: str, client, busy: threading.Event | None) -> list[float]:
    """A phone votes in a live case ACK_ROUNDS times (changing its vote); the acknowledgement times in ms."""
    with phone_in(base_url, open_workshop(client, "Live", EXERCISES[1])) as phone:
        times = []
        for number in range(ACK_ROUNDS):
            started = time.perf_counter()
            ack = phone.call("vote", {"option": "abcde"[number % 5]}, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            if not ack.get("ok"):
                raise RuntimeError(f"vote refused: {ack}")
            time.sleep(0.1)
        return times


def acks_under_load(base_url: str, client) -> dict:
    idle = live_vote_acks(base_url, client, None)
    stop = threading.Event()

    def load():
        while not stop.is_set():
            client.request("GET", "/facilitator/insights", api=False)
    loaders = [threading.Thread(target=load, daemon=True) for _ in range(2)]
    for loader in loaders:
        loader.start()
    try:
        busy = live_vote_acks(base_url, client, stop)
    finally:
        stop.set()
        for loader in loaders:
            loader.join(180)
    return {"ack_idle_median_ms": round(statistics.median(idle), 1), "ack_idle_max_ms": round(max(idle), 1),
            "ack_busy_median_ms": round(statistics.median(busy), 1), "ack_busy_max_ms": round(max(busy), 1)}


def measure(workshops: int, per_workshop: int, workdir: Path) -> dict:
    server, base_url, client = start_server(workdir)
    try:
        started = time.perf_counter()
        votes = seed(workdir / "data", workshops, per_workshop)
        seed_seconds = time.perf_counter() - started
        client.login()
        result = {"workshops": workshops, "participants": workshops * per_workshop, "votes": votes,
                  "seed_seconds": round(seed_seconds, 1),
                  "first_page_ms": round(timed(lambda: client.request("GET", "/facilitator/insights",
                                                                      api=False)[0]) * 1000, 1)}
        status, document = client.json("GET", "/api/v1/insights")
        if status != 200 or document["participants"] != workshops * per_workshop \
                or not document["followup"]["answers"]:
            raise RuntimeError(f"insights answered {status}: {str(document)[:300]}")
        result["followup_answers"] = document["followup"]["answers"] + sum(
            scale["answers"] for scale in document["followup"]["scales"])
        result |= {
            "page_ms": median_ms(lambda: client.request("GET", "/facilitator/insights", api=False)[0]),
            "api_ms": median_ms(lambda: client.request("GET", "/api/v1/insights")[0]),
            "api_team_ms": median_ms(lambda: client.request("GET", "/api/v1/insights?team=Wijkbeheer")[0]),
            "csv_ms": median_ms(lambda: client.request("GET", "/api/v1/insights.csv")[0]),
        }
        result |= acks_under_load(base_url, client)
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10x40,500x40")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    results = each_size("klantwijs-insights-bench-", sizes,
                        lambda size: f"{size[0]} workshops x {size[1]} participants",
                        lambda size, workdir: measure(*size, workdir))
    small, large = results[0], results[-1]
    lines = [f"| metric | {small['workshops']} workshops, {small['participants']} participants | "
             f"{large['workshops']} workshops, {large['participants']} participants | ratio |",
             "| --- | --- | --- | --- |"]
    for metric in METRICS + ("ack_idle_median_ms", "ack_busy_median_ms", "ack_busy_max_ms"):
        lines.append(f"| {metric} | {small[metric]} | {large[metric]} | {ratio(small, large, metric)} |")
    lines.append(f"| votes | {small['votes']} | {large['votes']} | |")
    print("\n".join(lines))
    write_results("insights", results)


if __name__ == "__main__":
    main()
