"""The follow-up ("opfrisser"): after a workshop the trainer sends a link; participants practise the same (or new)
exercises on their own phone at their own pace, paired with what they chose in the room.

models.py   the tables (migration 0017)
answers.py  how an answer is read, checked and explained, per answer shape (a kind may bring its own)
service.py  making follow-ups, answering (pairing by the phone's workshop token, limits), retention of tokens
results.py  the trainer's figures and a participant's "toen en nu" (pairing reusable by the insights)
exports.py  the follow-ups in a workshop's CSV, XLSX and JSON exports
"""
