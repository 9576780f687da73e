"""Several load-generator processes acting as one crowd (bench/loadgen.py --processes K).

One asyncio loop doing TLS handshakes and pings for thousands of clients falls behind and Socket.IO drops the
clients it cannot answer in time (issue 14's first nginx runs at N=2000). With --processes K the main load generator
keeps the projector and 1/K of the participants and starts K-1 helper processes (`--part i`) for the rest. Each
joins its share and says so; the main process then names one wall-clock moment (the same clock: one machine), every
process releases its votes at that moment, and the helpers report each vote's ack time, so percentiles are
computed over the whole crowd as if one process had sent every vote.

Protocol, one JSON line each way: a helper prints {"ready": joined, "failures": [...]}, reads {"go": unix_time},
votes, reads {"report": true}, prints {"latencies": [...], "failed": n, "errors", "timeouts",
"participant_tally_messages", "cpu_seconds", "failures"} and disconnects after reading {"bye": true}.
"""
import asyncio
import json
import sys
import time


def share(n: int, processes: int, part: int) -> int:
    """Participants of process `part` (0 = the main one): an even split, the remainder to the first parts."""
    return n // processes + (1 if part < n % processes else 0)


async def sleep_until(unix_time: float) -> None:
    await asyncio.sleep(max(0.0, unix_time - time.time()))


class Helpers:
    """The main process's view of its K-1 helper processes."""

    def __init__(self, argv: list[str], processes: int):
        self.argv, self.processes = argv, processes
        self.children = []

    async def start(self) -> None:
        for part in range(1, self.processes):
            self.children.append(await asyncio.create_subprocess_exec(
                sys.executable, *self.argv, f"--part={part}", stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, limit=2**26))

    async def _read(self, child, timeout: float) -> dict:
        line = await asyncio.wait_for(child.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"load generator helper {child.pid} ended early")
        return json.loads(line)

    async def ready(self, timeout: float) -> int:
        """Waits until every helper has joined its share; answers how many joined."""
        answers = await asyncio.gather(*(self._read(child, timeout) for child in self.children))
        return sum(answer["ready"] for answer in answers)

    async def _send(self, message: dict) -> None:
        for child in self.children:
            child.stdin.write((json.dumps(message) + "\n").encode())
            await child.stdin.drain()

    async def go(self, unix_time: float) -> None:
        await self._send({"go": unix_time})

    async def results(self, timeout: float) -> list[dict]:
        """Asked once the projector has the final tally, as the main process reads its own figures then."""
        await self._send({"report": True})
        return await asyncio.gather(*(self._read(child, timeout) for child in self.children))

    async def stop(self) -> None:
        try:
            await self._send({"bye": True})
        except (BrokenPipeError, ConnectionResetError):
            pass
        for child in self.children:
            try:
                await asyncio.wait_for(child.wait(), 30)
            except asyncio.TimeoutError:
                child.kill()


async def read_message(timeout: float) -> dict:
    """A helper reads the main process's next line from stdin without blocking its loop."""
    line = await asyncio.wait_for(asyncio.to_thread(sys.stdin.readline), timeout)
    if not line:
        raise SystemExit("the main load generator went away")
    return json.loads(line)


def tell(message: dict) -> None:
    print(json.dumps(message), flush=True)
