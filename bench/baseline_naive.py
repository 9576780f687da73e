"""Naive baseline: the same events as the floor, but broadcasting like a tutorial app.

Every vote sends `tally` and every join sends `presence` to the whole room at once, so a burst of N votes in a room
of N costs N * N messages. Run: python bench/baseline_naive.py --port P
"""
from baseline_common import main

if __name__ == "__main__":
    main(coalesce=False)
