"""End-to-end fixtures: the async modes the journeys run in."""
from __future__ import annotations

import pytest

# The modes `make test` runs the live workshop, the crash test and the message-queue test in. Threading gets its
# own smoke test (tests/e2e/test_async_modes.py).
E2E_MODES = ("eventlet", "gevent")


@pytest.fixture(params=E2E_MODES)
def async_mode(request) -> str:
    return request.param
