"""The guide's backup and restore, run as documented against a real PostgreSQL (and SQLite).

deploy/cron.d/klantwijs is a file Debian's cron reads (no dot in its name), its backup line runs
deploy/klantwijs-backup as the klantwijs user; here that very command runs (paths pointed at this checkout and a
temporary settings file). A failing backup exits non-zero and says FAILED. The restore of docs/deployment.md
(`pg_restore --no-owner --role=klantwijs` into an empty database owned by the app's role) leaves tables the app can
read and write: a trainer logs in with a new token; without `--role` the superuser would own every table and the app
could not read them.
"""
from __future__ import annotations

import getpass
import os
import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path

from tests.server import ROOT, ServerProcess

CRON = ROOT / "deploy" / "cron.d" / "klantwijs"
GUIDE = ROOT / "docs" / "deployment.md"
EMAIL = "anna@corporatie.example"


def cron_jobs() -> dict[str, tuple[str, str]]:
    """Each job line's command by the script it runs: {script name: (user, command)}."""
    jobs = {}
    for line in CRON.read_text().splitlines():
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]:
            fields = line.split(None, 6)
            assert len(fields) == 7, line  # minute hour day month weekday user command
            script = Path(shlex.split(fields[6])[0]).name
            jobs[script] = (fields[5], fields[6])
    return jobs


def test_the_cron_file_is_one_debians_cron_reads():
    assert re.fullmatch(r"[A-Za-z0-9_-]+", CRON.name)  # run-parts' rule: no dot
    jobs = cron_jobs()
    assert jobs["klantwijs-backup"][0] == jobs["klantwijs-cli"][0] == "klantwijs"
    assert "install -d -o klantwijs -g klantwijs -m 700 /var/backups/klantwijs" in GUIDE.read_text()
    for script in ("klantwijs-backup", "klantwijs-cli", "klantwijs-restart"):
        assert os.access(ROOT / "deploy" / script, os.X_OK), script


def run_cron_backup(tmp_path: Path, settings: dict, backup_dir: Path, path: str | None = None):
    """The cron line's command, as cron runs it (sh -c), with this checkout for /srv/klantwijs and the test's own
    virtualenv for its .venv."""
    env_file = tmp_path / "klantwijs.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in settings.items()))
    _user, command = cron_jobs()["klantwijs-backup"]
    command = command.replace("/srv/klantwijs", str(ROOT)).replace(">/dev/null", "")
    env = {"PATH": path or os.environ["PATH"], "KLANTWIJS_HOME": str(ROOT), "KLANTWIJS_ENV_FILE": str(env_file),
           "KLANTWIJS_VENV": str(Path(sys.executable).parent.parent), "KLANTWIJS_BACKUP_DIR": str(backup_dir),
           "HOME": str(tmp_path)}
    return subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True, timeout=180)


def create_trainer(app: ServerProcess) -> subprocess.CompletedProcess:
    return app.flask("trainer", "create", EMAIL, "--organisation", "Woonstad", "--password", "geheim-123")


def psql(postgres_server, database: str, sql: str) -> None:
    subprocess.run([str(postgres_server.bin / "psql"), "-h", "127.0.0.1", "-p", str(postgres_server.port), "-U",
                    "klantwijs", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
                   check=True, capture_output=True, timeout=60)


def test_nightly_postgres_backup_and_the_documented_restore(tmp_path, postgres_server):
    # The guide's roles: a superuser (here the test cluster's `klantwijs`, on a server `postgres`) and the app's own
    # role that owns its database.
    role = f"app_{uuid.uuid4().hex[:8]}"
    psql(postgres_server, "postgres", f"CREATE ROLE {role} LOGIN")
    port, admin = str(postgres_server.port), ["-h", "127.0.0.1", "-p", str(postgres_server.port), "-U", "klantwijs"]
    source = f"kw_src_{uuid.uuid4().hex[:8]}"
    subprocess.run([str(postgres_server.bin / "createdb"), *admin, "--owner", role, source], check=True, timeout=60)
    url = f"postgresql+psycopg://{role}@127.0.0.1:{port}/{source}"
    app = ServerProcess(tmp_path / "data", extra_env={"KLANTWIJS_DATABASE_URL": url})
    assert app.flask("db", "upgrade").returncode == 0
    assert create_trainer(app).returncode == 0

    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    path = f"{postgres_server.bin}:{os.environ['PATH']}"  # the cluster's own pg_dump
    made = run_cron_backup(tmp_path, {"KLANTWIJS_DATABASE_URL": url}, backups, path)
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.strip())
    assert dump.parent == backups and dump.suffix == ".dump" and dump.stat().st_size > 0
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    # A failing backup is visible: non-zero, FAILED on stderr, nothing half-written left behind.
    broken = run_cron_backup(tmp_path, {"KLANTWIJS_DATABASE_URL": url.replace(port, "1")}, backups, path)
    assert broken.returncode != 0 and "FAILED: pg_dump" in broken.stderr
    unwritable = run_cron_backup(tmp_path, {"KLANTWIJS_DATABASE_URL": url}, tmp_path / "missing", path)
    assert unwritable.returncode != 0 and "FAILED" in unwritable.stderr
    assert sorted(p.name for p in backups.iterdir()) == [dump.name]

    # The restore of the guide, as the superuser, into a new empty database owned by the app's role.
    restored = f"kw_new_{uuid.uuid4().hex[:8]}"
    guide = GUIDE.read_text()
    assert "pg_restore --no-owner --role=klantwijs --dbname klantwijs" in guide
    subprocess.run([str(postgres_server.bin / "createdb"), *admin, "--owner", role, restored], check=True, timeout=60)
    subprocess.run([str(postgres_server.bin / "pg_restore"), *admin, "--no-owner", f"--role={role}", "--dbname",
                    restored, str(dump)], check=True, capture_output=True, timeout=120)
    back = ServerProcess(tmp_path / "data2", extra_env={
        "KLANTWIJS_DATABASE_URL": f"postgresql+psycopg://{role}@127.0.0.1:{port}/{restored}"})
    issued = back.flask("trainer", "token", EMAIL)  # reads the trainer, writes a token: the app owns its tables
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith("kw_")

    # Without --role, the superuser owns what it restored and the app cannot read its own tables.
    ownerless = f"kw_bad_{uuid.uuid4().hex[:8]}"
    subprocess.run([str(postgres_server.bin / "createdb"), *admin, "--owner", role, ownerless], check=True, timeout=60)
    subprocess.run([str(postgres_server.bin / "pg_restore"), *admin, "--no-owner", "--dbname", ownerless, str(dump)],
                   check=True, capture_output=True, timeout=120)
    stranded = ServerProcess(tmp_path / "data3", extra_env={
        "KLANTWIJS_DATABASE_URL": f"postgresql+psycopg://{role}@127.0.0.1:{port}/{ownerless}"})
    assert stranded.flask("trainer", "token", EMAIL).returncode != 0


def test_nightly_sqlite_backup(tmp_path):
    data = tmp_path / "data"
    app = ServerProcess(data)
    assert app.flask("db", "upgrade").returncode == 0
    assert create_trainer(app).returncode == 0
    backups = tmp_path / "backups"
    backups.mkdir()
    made = run_cron_backup(tmp_path, {"KLANTWIJS_DATA_DIR": str(data)}, backups)
    assert made.returncode == 0, made.stderr
    copy = Path(made.stdout.strip())
    assert copy.suffix == ".db" and copy.parent == backups
    restored = ServerProcess(tmp_path / "restored")
    assert restored.flask("restore", str(copy)).returncode == 0
    assert restored.flask("trainer", "token", EMAIL).returncode == 0
    # The retention line runs the CLI through deploy/klantwijs-cli, with the settings of the same file.
    _user, command = cron_jobs()["klantwijs-cli"]
    log = tmp_path / "retention.log"
    command = command.replace("/srv/klantwijs", str(ROOT)).replace("/var/log/klantwijs/retention.log", str(log))
    env = {"PATH": os.environ["PATH"], "KLANTWIJS_HOME": str(ROOT),
           "KLANTWIJS_ENV_FILE": str(tmp_path / "klantwijs.env"),
           "KLANTWIJS_VENV": str(Path(sys.executable).parent.parent), "KLANTWIJS_USER": getpass.getuser()}
    ran = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True, timeout=180)
    assert ran.returncode == 0 and log.read_text().strip() and "Fout" not in log.read_text()
    # No database at all (the settings name an empty data dir): FAILED, non-zero.
    failed = run_cron_backup(tmp_path, {"KLANTWIJS_DATA_DIR": str(tmp_path / "empty")}, backups)
    assert failed.returncode != 0 and "FAILED: flask --app wsgi backup" in failed.stderr
