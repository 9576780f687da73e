"""The organisation's tip archive as a domain: search, near-duplicate grouping, curation, the printable toolkit,
exports and data protection (retention, removing names, deleting workshops, the organisation's own export).

These modules take plain values and commit; facilitator/archive/ holds only the pages, the API and the CLI over them.
Nothing here imports from facilitator/ or participant/.
"""
