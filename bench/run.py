"""Run the benchmark: each target server against each participant count, side by side.

For every target and size N this starts the server on a free 127.0.0.1 port, waits until GET /healthz answers,
runs bench/loadgen.py against it, stops the server, and finally writes every result to
bench/results/<timestamp>.json and prints a markdown table (medians over --repeat runs) with ratios.

Targets: floor and naive (the baselines), klantwijs (`python wsgi.py`, SQLite), and nginx1 / nginx2: one or two
`python wsgi.py` processes on PostgreSQL with the Redis message queue behind nginx (deploy/nginx/klantwijs.conf,
TLS), the participants spread over loopback source addresses that nginx hashes to each process. The Klantwijs
targets run once per async mode in --modes. klantwijs-normal is klantwijs with KLANTWIJS_SQLITE_SYNCHRONOUS=NORMAL:
beside klantwijs (FULL, the default) it shows what syncing every commit to disk costs.

    .venv/bin/python bench/run.py [--targets floor,naive,klantwijs] [--sizes 300,1000] [--repeat 1]
    .venv/bin/python bench/run.py --targets floor,klantwijs --modes eventlet,gevent --sizes 1000
    .venv/bin/python bench/run.py --targets nginx1,nginx2 --sizes 2000,4000 --loadgen-processes 3
    .venv/bin/python bench/run.py --targets floor,klantwijs --sizes 1000 --scenario words   # the word-cloud burst

--scenario words: instead of a vote, each participant sends one word to an open `words` exercise at the same moment;
"ack" is then the `word` ack and "final tally" the first `cloud` on the projector that counts every word. The floor
counts the words in memory (folded like Klantwijs does), so the ratios are against the same kind of work.
"""
import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from behind_nginx import Backing, Unavailable, sources_for, start_nginx
from report import markdown_table

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 30
SETUP_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 10
BASELINE_CODE = "BENCHX"
TRAINER_EMAIL = "bench@example.org"
KLANTWIJS_TARGETS = ("klantwijs", "klantwijs-normal", "nginx1", "nginx2")


class SkipTarget(Exception):
    """The target cannot run here (e.g. the Klantwijs server is not built yet)."""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def http_json(method, url, token=None, body=None):
    """One JSON request with a timeout; returns (status, decoded body)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def expect(status, body, wanted, what):
    if status != wanted:
        raise RuntimeError(f"{what}: expected HTTP {wanted}, got {status}: {body}")
    return body


class Server:
    """A server subprocess in its own process group, its output in a log file; stop() always ends it."""

    def __init__(self, command, env, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "wb")
        self.process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_until_answering(self, base_url):
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log_path}")
            try:
                if http_json("GET", f"{base_url}/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer /healthz within {STARTUP_TIMEOUT_SECONDS} s; see {self.log_path}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT_SECONDS)
        self.log_file.close()


def start_answering_server(command, env, log_path, base_url):
    server = Server(command, env, log_path)
    try:
        server.wait_until_answering(base_url)
    except BaseException:
        server.stop()
        raise
    return server


def start_baseline(script, base_url, port, workdir):
    """Returns (server, code, screen key) for a baseline, which accepts any code and key."""
    command = [PYTHON, str(BENCH_DIR / script), "--port", str(port)]
    return start_answering_server(command, os.environ.copy(), workdir / f"{script}.log", base_url), BASELINE_CODE, "-"


def start_klantwijs(ports, workdir, mode, extra_env=None, scenario="vote"):
    """Create a trainer and token, start `python wsgi.py` on each port (all sharing one database), and open a case
    exercise in a new workshop. Returns (servers, code, screen key)."""
    if not (REPO_DIR / "wsgi.py").exists():
        raise SkipTarget("wsgi.py is missing: the Klantwijs server is not built yet")
    (workdir / "data").mkdir()
    env = dict(os.environ, KLANTWIJS_DATA_DIR=str(workdir / "data"), KLANTWIJS_HOST=HOST,
               KLANTWIJS_ASYNC_MODE=mode, **(extra_env or {}))

    def flask_cli(*arguments):
        result = subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *arguments], cwd=REPO_DIR, env=env,
                                capture_output=True, text=True, timeout=SETUP_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            last_lines = "\n".join((result.stderr or result.stdout).strip().splitlines()[-3:])
            raise RuntimeError(f"flask {' '.join(arguments[:2])} failed: {last_lines}")
        return result.stdout

    flask_cli("db", "upgrade")  # the server migrates on start; the CLI needs the schema before that
    flask_cli("trainer", "create", TRAINER_EMAIL, "--organisation", "Bench", "--password", "benchbench1")
    token = flask_cli("trainer", "token", TRAINER_EMAIL).strip().splitlines()[-1].strip()
    servers = []
    try:
        for index, port in enumerate(ports):
            servers.append(start_answering_server([PYTHON, "wsgi.py"], dict(env, KLANTWIJS_PORT=str(port)),
                                                  workdir / f"klantwijs-{index}.log", f"http://{HOST}:{port}"))
        base_url = f"http://{HOST}:{ports[0]}"
        exercises = expect(*http_json("GET", f"{base_url}/api/v1/exercises", token), 200, "list exercises")
        kind = "words" if scenario == "words" else "case"
        case_id = next((e["id"] for e in exercises if e["kind"] == kind), None)
        if case_id is None:
            raise RuntimeError(f"the exercise library has no {kind} exercise")
        workshop = expect(*http_json("POST", f"{base_url}/api/v1/workshops", token,
                                     {"title": "Bench", "exercises": [case_id]}), 201, "create workshop")
        code = workshop["code"]
        key = urllib.parse.parse_qs(urllib.parse.urlparse(workshop["screen_url"]).query)["key"][0]
        control_url = f"{base_url}/api/v1/workshops/{code}/control"
        expect(*http_json("POST", control_url, token, {"action": "goto", "index": 0}), 200, "goto 0")
        expect(*http_json("POST", control_url, token, {"action": "open"}), 200, "open")
        # the baselines send `tally` to the participants too; with results visible Klantwijs does the same
        if kind == "case":
            expect(*http_json("POST", control_url, token, {"action": "results", "visible": True}), 200, "results")
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers, code, key


def run_one(label, n, workdir, backing, loadgen_processes=1, scenario="vote"):
    """One target (one or more servers, maybe nginx), one load; returns the load generator's result dict."""
    target, _, mode = label.partition("/")
    proxy, extra = None, []
    if target in ("klantwijs", "klantwijs-normal"):
        port = free_port()
        base_url = f"http://{HOST}:{port}"
        # klantwijs-normal: the same server with SQLite's synchronous=NORMAL, to show what FULL (the default) costs
        extra_env = {"KLANTWIJS_SQLITE_SYNCHRONOUS": "NORMAL"} if target == "klantwijs-normal" else None
        servers, code, key = start_klantwijs([port], workdir, mode, extra_env, scenario)
    elif target in ("nginx1", "nginx2"):
        try:
            environment = backing.start().environment()
        except Unavailable as reason:
            raise SkipTarget(str(reason)) from None
        environment["KLANTWIJS_MAX_CONNECTIONS"] = str(n + 100)  # one process may get every phone (nginx1)
        ports = [free_port() for _ in range(int(target[-1]))]
        servers, code, key = start_klantwijs(ports, workdir, mode, environment, scenario)
        try:
            proxy = start_nginx(ports, n)
            extra = ["--cafile", str(proxy.cert), "--sources", ",".join(sources_for(proxy, ports))]
        except BaseException:
            for server in servers:
                server.stop()
            if proxy:
                proxy.stop()
            raise
        base_url = proxy.url
    else:
        port = free_port()
        base_url = f"http://{HOST}:{port}"
        server, code, key = start_baseline(f"baseline_{target}.py", base_url, port, workdir)
        servers = [server]
    try:
        # `--key=...`: a screen key may start with "-", which argparse would take for an option
        command = [PYTHON, str(BENCH_DIR / "loadgen.py"), "--url", base_url, f"--code={code}", f"--key={key}",
                   "-n", str(n), "--processes", str(loadgen_processes), f"--scenario={scenario}", *extra]
        for server in servers:
            command += ["--server-pid", str(server.process.pid)]
        # connects, acks and the final tally are each bounded inside the load generator; this is the outer bound
        result = subprocess.run(command, capture_output=True, text=True, timeout=300 + n * 0.3,
                                stdin=subprocess.DEVNULL)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            raise RuntimeError(f"loadgen failed with {result.returncode}")
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if proxy:
            proxy.stop()
        for server in servers:
            server.stop()


@contextlib.contextmanager
def kept_directory():
    """--keep: a work directory that outlives the run, for the servers' logs."""
    path = tempfile.mkdtemp(prefix="klantwijs-bench-")
    print(f"server data and logs kept in {path}", file=sys.stderr)
    yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="floor,naive,klantwijs")
    parser.add_argument("--sizes", default="300,1000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the servers' data and logs for inspection")
    parser.add_argument("--loadgen-processes", type=int, default=1,
                        help="load-generator processes sharing the participants (needed for thousands over TLS)")
    parser.add_argument("--scenario", choices=("vote", "words"), default="vote",
                        help="vote: a room votes on a case; words: a room sends one word each to a word cloud")
    parser.add_argument("--modes", default="eventlet",
                        help="KLANTWIJS_ASYNC_MODE values for the Klantwijs targets, e.g. eventlet,gevent")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    modes = args.modes.split(",")
    unknown = set(args.targets.split(",")) - {"floor", "naive", *KLANTWIJS_TARGETS}
    unknown |= {f"mode {m}" for m in modes if m not in ("eventlet", "gevent", "threading")}
    if unknown:
        parser.error(f"unknown targets or modes: {', '.join(sorted(unknown))}")
    targets = [f"{t}/{m}" if t in KLANTWIJS_TARGETS else t for t in args.targets.split(",")
               for m in (modes if t in KLANTWIJS_TARGETS else [None])]
    backing = Backing()

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = {}  # (target, n) -> list of result dicts; None if skipped
    records = []
    skipped = set()
    try:
        with kept_directory() if args.keep else tempfile.TemporaryDirectory(prefix="klantwijs-bench-") as tmp:
            # interleaved (floor, klantwijs, floor, klantwijs, ...): a machine that gets busier or quieter during
            # the invocation moves both sides of a ratio alike
            for n in sizes:
                for repeat in range(args.repeat):
                    for target in targets:
                        if target in skipped:
                            continue
                        print(f"== {target} N={n} run {repeat + 1}/{args.repeat}", file=sys.stderr, flush=True)
                        workdir = Path(tmp) / f"{target.replace('/', '-')}-{n}-{repeat}"
                        workdir.mkdir()
                        try:
                            result = run_one(target, n, workdir, backing, args.loadgen_processes, args.scenario)
                        except SkipTarget as reason:
                            print(f"skipping {target}: {reason}", file=sys.stderr)
                            skipped.add(target)
                            continue
                        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
                            print(f"{target} N={n} failed: {error}", file=sys.stderr)
                            records.append({"target": target, "n": n, "repeat": repeat, "failed": str(error)})
                            results.setdefault((target, n), [])
                            continue
                        print(json.dumps(result), file=sys.stderr)
                        records.append({"target": target, "n": n, "repeat": repeat, **result})
                        results.setdefault((target, n), []).append(result)
    finally:
        backing.stop()

    output = BENCH_DIR / "results" / f"{stamp}.json"
    output.parent.mkdir(exist_ok=True)
    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    output.write_text(json.dumps({"started": stamp, "scenario": args.scenario, "machine": machine,
                                  "skipped": sorted(skipped),
                                  "runs": records}, indent=2) + "\n")
    print(markdown_table(results, targets, sizes))
    print(f"\nresults written to {output.relative_to(REPO_DIR)}", file=sys.stderr)


if __name__ == "__main__":
    main()
