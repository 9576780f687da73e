"""Floor baseline: a minimal Flask-SocketIO server that counts votes in memory and coalesces its broadcasts.

It is the fastest this stack (Flask-SocketIO on eventlet, one process) can answer the benchmark's load: no database,
and at most 10 `tally` and 10 `presence` messages a second per workshop. Run: python bench/baseline_floor.py --port P
"""
from baseline_common import main

if __name__ == "__main__":
    main(coalesce=True)
