"""Load generator: N participants join one workshop and vote at the same moment; a projector watches the tally.
With --scenario words each participant sends one word to a word cloud instead, and the projector watches `cloud`
(the tally figures of the output then mean the word-cloud burst: acks of `word`, time to the final cloud).

One process, asyncio, one python-socketio AsyncClient (WebSocket transport only) per participant plus one for the
projector, which runs on its own thread and event loop (a real projector is a separate device: its messages must
not wait behind the participants' in one loop). Prints one JSON line on stdout:
  n, joined, join_seconds, ack_p50_ms, ack_p99_ms, final_tally_seconds, server_rss_mb, errors, timeouts,
  projector_tally_messages, participant_tally_messages, server_cpu_seconds_in_burst, loadgen_cpu_seconds_in_burst
A vote without an ok ack within the timeout counts as infinitely slow: a percentile it falls on is null.
The burst lasts from the release of the votes until the final tally and every vote ack are in (or timed out);
server_rss_mb is read then, with every participant still connected. Progress goes to stderr.

Behind nginx (bench/run.py's nginx targets): --cafile trusts its self-signed certificate for https:// and wss://,
and --sources spreads the participants round-robin over loopback source addresses (nginx hashes the client address
to pick a server process); --server-pid may be given once per server process. --processes K spreads the
participants over K load-generator processes that vote at one moment (bench/fleet.py).
"""
import argparse
import asyncio
import ipaddress
import json
import math
import resource
import ssl
import sys
import threading
import time
from urllib.parse import urlparse

import aiohttp
import psutil
import socketio
from fleet import Helpers, read_message, share, sleep_until, tell

CONNECT_TIMEOUT_SECONDS = 20
# the words of the word-cloud burst: spelling variants fold into one, so the cloud has a few large words
WORDS = ["Luisteren", "luisteren!", "Rust", "Respect", "Geduld", "Duidelijk", "Empathie", "Samenvatten", "Eerlijk",
         "Aandacht", "RUST", "Open houding", "Oogcontact", "Doorvragen", "Vriendelijk", "Tijd nemen"]
ACK_TIMEOUT_SECONDS = 60
DISCONNECT_TIMEOUT_SECONDS = 10


def log(message):
    print(f"[loadgen] {message}", file=sys.stderr, flush=True)


def raise_open_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def percentile_ms(latencies, failures, fraction):
    """Nearest-rank percentile in ms, failures ranked last as infinitely slow; None if it lands on one."""
    ranked = sorted(latencies) + [None] * failures
    if not ranked:
        return None
    value = ranked[max(1, math.ceil(fraction * len(ranked))) - 1]
    return None if value is None else round(value * 1000, 1)


def server_processes(pids, url):
    """The server processes (given, or the one found listening on the URL's port) and their children."""
    if not pids:
        port = urlparse(url).port
        pids = [next((c.pid for c in psutil.net_connections(kind="tcp")
                      if c.status == psutil.CONN_LISTEN and c.laddr.port == port and c.pid), None)]
    found = []
    for pid in pids:
        try:
            process = psutil.Process(pid) if pid else None
            found += [process] + process.children(recursive=True) if process else []
        except psutil.Error:
            pass
    return found


def server_cpu_seconds(processes):
    try:
        return sum(p.cpu_times().user + p.cpu_times().system for p in processes) if processes else None
    except psutil.Error:
        return None


def server_rss_mb(processes):
    try:
        return round(sum(p.memory_info().rss for p in processes) / 2**20, 1) if processes else None
    except psutil.Error:
        return None


class Sessions:
    """One aiohttp session per source address (in the running loop), trusting --cafile; none for plain runs."""

    def __init__(self, sources, cafile):
        self.sources, self.cafile = sources, cafile
        self.sessions = []
        self.next = 0

    def get(self):
        if not self.sources and not self.cafile:
            return None
        if not self.sessions:
            context = ssl.create_default_context(cafile=self.cafile) if self.cafile else None
            for source in self.sources or [None]:
                connector = aiohttp.TCPConnector(limit=0, ssl=context if context else True,
                                                 local_addr=(source, 0) if source else None)
                self.sessions.append(aiohttp.ClientSession(connector=connector))
        session = self.sessions[self.next % len(self.sessions)]
        self.next += 1
        return session

    async def close(self):
        for session in self.sessions:
            await session.close()


def new_client(session=None):
    if session is None:
        return socketio.AsyncClient(reconnection=False, handle_sigint=False)
    return socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=session)


async def connect(client, url):
    """Open the WebSocket and the namespace; bounded, since a server at its connection cap never answers."""
    await asyncio.wait_for(client.connect(url, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT_SECONDS),
                           CONNECT_TIMEOUT_SECONDS)


async def disconnect_quietly(client):
    try:
        await asyncio.wait_for(client.disconnect(), DISCONNECT_TIMEOUT_SECONDS)
    except Exception as error:  # a slow goodbye must not hang the run
        log(f"disconnect failed: {error!r}")


class Outcome:
    """Counts failed acks and connections, distinguishing timeouts from other failures."""

    def __init__(self):
        self.errors = 0
        self.timeouts = 0
        self.first_failures = []

    def failed(self, what, detail, timed_out=False):
        if timed_out:
            self.timeouts += 1
        else:
            self.errors += 1
        if len(self.first_failures) < 5:
            self.first_failures.append(f"{what}: {detail}")

    async def call(self, client, event, payload):
        """Emit with an ack; returns the ack if it says ok, else None (and counts the failure)."""
        try:
            ack = await client.call(event, payload, timeout=ACK_TIMEOUT_SECONDS)
        except socketio.exceptions.TimeoutError:
            self.failed(event, f"no ack within {ACK_TIMEOUT_SECONDS} s", timed_out=True)
            return None
        except Exception as error:  # any client failure counts as an error of this run, not a crash of it
            self.failed(event, repr(error))
            return None
        if not isinstance(ack, dict) or ack.get("ok") is not True:
            self.failed(event, ack)
            return None
        return ack


class MessageCount:
    """An event handler that only counts the messages it receives."""

    def __init__(self):
        self.count = 0

    def __call__(self, _payload):
        self.count += 1


class Projector:
    """The projector client on its own thread and event loop; notes when a `tally` with the expected total arrives."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="projector", daemon=True)
        self.thread.start()
        self.client = None
        self.tally_messages = 0
        self.expected_total = None
        self.final_total_seen = threading.Event()
        self.final_total_time = None

    async def in_projector_loop(self, coroutine):
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def open(self, url, code, key, outcome, cafile=None):
        """Connect and send `screen`; returns the ack, or None if refused."""
        async def connect_and_screen():
            self.sessions = Sessions([], cafile)
            self.client = new_client(self.sessions.get())
            self.client.on("tally", self.on_tally)
            self.client.on("cloud", self.on_tally)  # the word-cloud burst: its final total is the last word
            await connect(self.client, url)
            return await outcome.call(self.client, "screen", {"code": code, "key": key})
        return await self.in_projector_loop(connect_and_screen())

    async def on_tally(self, tally):
        self.tally_messages += 1
        if tally.get("total") == self.expected_total and not self.final_total_seen.is_set():
            self.final_total_time = time.perf_counter()
            self.final_total_seen.set()

    async def wait_for_final_total(self, timeout):
        return await asyncio.to_thread(self.final_total_seen.wait, timeout)

    async def close(self):
        if self.client is not None:
            await self.in_projector_loop(disconnect_quietly(self.client))
            await self.in_projector_loop(self.sessions.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(DISCONNECT_TIMEOUT_SECONDS)


async def join_all(args, outcome, participant_tallies, sessions):
    """Connect and join N participants, at most --concurrency at a time; returns the joined clients."""
    gate = asyncio.Semaphore(args.concurrency)

    async def join_one():
        client = new_client(sessions.get())
        client.on("tally", participant_tallies)
        client.on("cloud", participant_tallies)
        async with gate:
            try:
                await connect(client, args.url)
            except asyncio.TimeoutError:
                outcome.failed("connect", f"not connected within {CONNECT_TIMEOUT_SECONDS} s", timed_out=True)
            except Exception as error:  # a refused or failed connection is a result, not a crash
                outcome.failed("connect", repr(error))
            else:
                if await outcome.call(client, "join", {"code": args.code, "token": None, "name": None}):
                    return client
        await disconnect_quietly(client)
        return None

    clients = await asyncio.gather(*(join_one() for _ in range(share(args.n, args.processes, args.part))))
    return [client for client in clients if client is not None]


async def vote_burst(clients, options, outcome, scenario="vote", release_at=None):
    """Release every vote (or word) at once (at the wall-clock moment `release_at` when given: every load-generator
    process then votes together); returns the burst start time and the tasks (each gives seconds or None)."""
    start = asyncio.Event()

    async def vote_one(client, i):
        event, payload = ("word", {"text": WORDS[i % len(WORDS)]}) if scenario == "words" \
            else ("vote", {"option": options[i % len(options)]})
        await start.wait()
        sent = time.perf_counter()
        if await outcome.call(client, event, payload):
            return time.perf_counter() - sent
        return None

    tasks = [asyncio.create_task(vote_one(client, i)) for i, client in enumerate(clients)]
    await asyncio.sleep(0.2)  # every task is now parked on start.wait()
    if release_at is not None:
        await sleep_until(release_at)
    burst_start = time.perf_counter()
    start.set()
    return burst_start, tasks


async def disconnect_all(clients):
    gate = asyncio.Semaphore(100)

    async def disconnect_one(client):
        async with gate:
            await disconnect_quietly(client)

    await asyncio.gather(*(disconnect_one(client) for client in clients))


async def run_helper(args):
    """A helper process of --processes K: join its share, vote at the main process's moment, report every ack."""
    outcome = Outcome()
    sessions = Sessions(args.sources.split(",") if args.sources else [], args.cafile)
    participant_tallies = MessageCount()
    clients = []
    try:
        clients = await join_all(args, outcome, participant_tallies, sessions)
        tell({"ready": len(clients), "failures": outcome.first_failures})
        go = await read_message(args.tally_timeout + 600)
        participant_tallies.count = 0
        cpu_before = time.process_time()
        _burst_start, vote_tasks = await vote_burst(clients, args.options.split(","), outcome, args.scenario,
                                                   go["go"])
        vote_seconds = await asyncio.gather(*vote_tasks)
        latencies = [seconds for seconds in vote_seconds if seconds is not None]
        await read_message(args.tally_timeout + 600)  # report: the projector has the final tally
        log(f"helper {args.part}: {participant_tallies.count} tallies, {len(latencies)} acks")
        tell({"latencies": latencies, "failed": len(vote_seconds) - len(latencies), "errors": outcome.errors,
              "timeouts": outcome.timeouts, "participant_tally_messages": participant_tallies.count,
              "cpu_seconds": round(time.process_time() - cpu_before, 2), "failures": outcome.first_failures})
        await read_message(args.tally_timeout + 600)  # bye: the main process has read the server's memory
    finally:
        await disconnect_all(clients)
        await sessions.close()


async def run(args):
    if args.part:
        return await run_helper(args)
    outcome = Outcome()
    server = server_processes(args.server_pid, args.url)
    projector = Projector()
    sessions = Sessions(args.sources.split(",") if args.sources else [], args.cafile)
    helpers = Helpers(list(sys.argv), args.processes) if args.processes > 1 else None
    clients, others = [], []
    try:
        screen_ack = await projector.open(args.url, args.code, args.key, outcome, args.cafile)
        if screen_ack is None:
            raise SystemExit(f"screen refused: {outcome.first_failures}")
        exercise = (screen_ack.get("state") or {}).get("exercise") or {}
        options = [option["id"] for option in exercise.get("options") or []] or args.options.split(",")

        participant_tallies = MessageCount()
        log(f"joining {args.n} participants, {args.concurrency} at a time, over {args.processes} process(es)")
        join_started = time.perf_counter()
        if helpers:
            await helpers.start()
        clients = await join_all(args, outcome, participant_tallies, sessions)
        joined = len(clients) + (await helpers.ready(args.tally_timeout + 600) if helpers else 0)
        join_seconds = time.perf_counter() - join_started
        log(f"{joined} joined in {join_seconds:.2f} s; voting over options {options}")

        projector.expected_total = joined
        projector.tally_messages = participant_tallies.count = 0
        server_cpu_before, loadgen_cpu_before = server_cpu_seconds(server), time.process_time()
        release_at = None
        if helpers:
            release_at = time.time() + 1.0
            await helpers.go(release_at)
        burst_start, vote_tasks = await vote_burst(clients, options, outcome, args.scenario, release_at)
        final_tally_seconds = None
        if await projector.wait_for_final_total(args.tally_timeout):
            final_tally_seconds = round(projector.final_total_time - burst_start, 3)
        else:
            outcome.failed("final tally", f"no total of {joined} within {args.tally_timeout} s", timed_out=True)
        vote_seconds = await asyncio.gather(*vote_tasks)  # each is bounded by the ack timeout
        others = await helpers.results(ACK_TIMEOUT_SECONDS + 60) if helpers else []
        server_cpu_after, loadgen_cpu_after = server_cpu_seconds(server), time.process_time()
        rss = server_rss_mb(server)
        log(f"votes done; first failures: {outcome.first_failures + [f for o in others for f in o['failures']]}")
    finally:
        if helpers:
            await helpers.stop()
        await disconnect_all(clients)
        await projector.close()
        await sessions.close()

    latencies = [seconds for seconds in vote_seconds if seconds is not None]
    failed_votes = len(vote_seconds) - len(latencies)
    for other in others:
        latencies += other["latencies"]
        failed_votes += other["failed"]
        outcome.errors += other["errors"]
        outcome.timeouts += other["timeouts"]
        participant_tallies.count += other["participant_tally_messages"]
    return {
        "scenario": args.scenario,
        "n": args.n,
        "joined": joined,
        "loadgen_processes": args.processes,
        "join_seconds": round(join_seconds, 3),
        "ack_p50_ms": percentile_ms(latencies, failed_votes, 0.50),
        "ack_p99_ms": percentile_ms(latencies, failed_votes, 0.99),
        "final_tally_seconds": final_tally_seconds,
        "server_rss_mb": rss,
        "errors": outcome.errors,
        "timeouts": outcome.timeouts,
        "projector_tally_messages": projector.tally_messages,
        "participant_tally_messages": participant_tallies.count,
        "server_cpu_seconds_in_burst": None if None in (server_cpu_before, server_cpu_after)
        else round(server_cpu_after - server_cpu_before, 2),
        "loadgen_cpu_seconds_in_burst": round(loadgen_cpu_after - loadgen_cpu_before
                                              + sum(other["cpu_seconds"] for other in others), 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:5000")
    parser.add_argument("--code", required=True, help="workshop join code")
    parser.add_argument("--key", required=True, help="the workshop's screen key")
    parser.add_argument("-n", type=int, required=True, help="number of participants")
    parser.add_argument("--options", default="a,b,c,d",
                        help="option ids to spread the votes over, if the screen ack names none")
    parser.add_argument("--scenario", choices=("vote", "words"), default="vote",
                        help="vote: everyone votes on the case; words: everyone sends one word to the word cloud")
    parser.add_argument("--concurrency", type=int, default=50, help="participants connecting at the same time")
    parser.add_argument("--tally-timeout", type=float, default=60, help="seconds to wait for the final tally")
    parser.add_argument("--server-pid", type=int, action="append",
                        help="server process for CPU and memory (default: by port); repeat for several")
    parser.add_argument("--cafile", help="certificate to trust for https:// and wss:// (a self-signed nginx)")
    parser.add_argument("--sources", help="comma-separated loopback source addresses for the participants")
    parser.add_argument("--processes", type=int, default=1,
                        help="load-generator processes sharing the participants (bench/fleet.py)")
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)  # set for the helper processes
    args = parser.parse_args()
    for address in [urlparse(args.url).hostname, *(args.sources.split(",") if args.sources else [])]:
        if not ipaddress.ip_address(address).is_loopback:  # load only ever goes to this machine
            parser.error(f"{address} is not a loopback address (127.0.0.0/8 or ::1)")
    raise_open_files_limit()
    result = asyncio.run(run(args))
    if not args.part:  # a helper talks to the main process only (bench/fleet.py)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
