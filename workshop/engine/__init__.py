"""The workshop engine: every action a participant, projector or trainer can take.

Functions take plain values, validate, commit, and return a Result (answer + which parts changed) or raise
EngineError with a code. Nothing here knows about HTTP or Socket.IO, so the domain is testable without a network.
"""
from workshop.engine.control import control
from workshop.engine.joining import JoinRequest, join, record_joins, screen
from workshop.engine.lookup import workshop_by_code, workshop_of_organisation
from workshop.engine.sequence import duplicate_workshop, set_details, set_sequence
from workshop.engine.tips import submit_tip, submit_word, upvote
from workshop.engine.votes import VoteRequest, record_votes, vote
from workshop.engine.words import WordRequest, record_words
from workshop.engine.workshops import create_workshop
from workshop.errors import EngineError
from workshop.result import Result

__all__ = ["EngineError", "JoinRequest", "Result", "VoteRequest", "WordRequest", "control", "create_workshop",
           "duplicate_workshop", "join", "record_joins", "record_votes", "record_words", "screen", "set_details",
           "set_sequence", "submit_tip", "submit_word", "upvote", "vote", "workshop_by_code",
           "workshop_of_organisation"]
