"""The public hand-out's PDF: made once per version of the hand-out, and a link's renders limited.

`/handout/<token>.pdf` needs no login, and a PDF is seconds of work in the shared worker pool. So each process
keeps the PDFs it made, keyed by a hash of the page they were printed from: the same version of a workshop's
hand-out (same tips, corrections, language, options) is printed once, and any change makes a new version. Beyond
that a link may start at most RENDERS_PER_LINK new prints (then `LinkBusy`, answered 429), and every print counts
towards its organisation's fair share of the pool (workshop/offload.py).
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from limits import parse

from workshop.archive.handout import render_pdf
from workshop.limits import counted

RENDERS_PER_LINK = parse("5 per 10 minutes")  # new versions printed per link; cached ones are free
PDFS_KEPT = 32
BYTES_KEPT = 64 * 1024 * 1024


class LinkBusy(Exception):
    """This link started too many new prints recently."""


class PdfCache:
    """The most recently used PDFs, at most PDFS_KEPT of them and BYTES_KEPT bytes together."""

    def __init__(self, entries: int = PDFS_KEPT, size: int = BYTES_KEPT):
        self.entries, self.size = entries, size
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            pdf = self._pdfs.get(key)
            if pdf is not None:
                self._pdfs.move_to_end(key)
            return pdf

    def put(self, key: str, pdf: bytes) -> None:
        with self._lock:
            self._pdfs[key] = pdf
            self._pdfs.move_to_end(key)
            while len(self._pdfs) > self.entries or sum(map(len, self._pdfs.values())) > self.size:
                self._pdfs.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pdfs.clear()


pdfs = PdfCache()


def handout_pdf(token: str, html: str) -> bytes:
    """The PDF of this hand-out page: from the cache, or printed in a worker (LinkBusy when the link printed
    RENDERS_PER_LINK versions recently; offload.Busy when the pool or the organisation's share is full)."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    pdf = pdfs.get(key)
    if pdf is not None:
        return pdf
    if not counted(RENDERS_PER_LINK, f"handout-renders/{hashlib.sha256(token.encode()).hexdigest()[:32]}"):
        raise LinkBusy()
    pdf = render_pdf(html)
    pdfs.put(key, pdf)
    return pdf
