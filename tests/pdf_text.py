"""The text of a PDF as a reader sees it (pypdf), for tests of the toolkit and the hand-out."""
from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)
