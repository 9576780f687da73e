"""The organisation's insights: what its staff chose in the cases, per tag, case, month and team, and the paired
self-assessments before and after, across all its workshops (contract v3, "Teams and the organisation's
insights"). Computed in SQL over the counted votes (votes.py); figures.py builds the document, followups.py its
follow-up answers beside the workshop figures, export.py the CSV, options.py keeps each run's tagged options
indexed, filters.py parses the filters.

Nothing is imported here: workshop.models imports this package's models while it is itself being imported.
"""
