"""A real nginx (Debian's package) with deploy/nginx/klantwijs.conf, on loopback, for tests and benchmarks.

The site file is the one an IT person installs; only the values the deployment guide tells them to replace are
substituted (ports, certificate, static root), and each must be found exactly once, so the test fails when the
shipped file changes shape. nginx runs in the foreground (`daemon off;`) with its pid, logs and temp files in a
temporary prefix, listening only on 127.0.0.1. The main config adds one header for the tests: the upstream that
answered (X-Klantwijs-Upstream), so a test can prove which process served a client.
"""
from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

from tests.server import ROOT, free_port

SITE = ROOT / "deploy" / "nginx" / "klantwijs.conf"
UPSTREAM_HEADER = "X-Klantwijs-Upstream"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, valid for two days."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def site_config(upstream_ports: list[int], port: int, redirect_port: int, cert: Path, key: Path) -> str:
    text = SITE.read_text()
    shipped = re.search(r"server 127\.0\.0\.1:5001([^;]*);\n    server 127\.0\.0\.1:5002\1;", text)
    assert shipped, f"{SITE.name} no longer lists the two example processes 5001 and 5002 alike"
    servers = "\n    ".join(f"server 127.0.0.1:{p}{shipped.group(1)};" for p in upstream_ports)  # with their settings
    replacements = [
        (shipped.group(0), servers),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{redirect_port};"),
        ("listen [::]:80;", ""),
        ("/etc/ssl/klantwijs/fullchain.pem", str(cert)),
        ("/etc/ssl/klantwijs/privkey.pem", str(key)),
        ("/srv/klantwijs/static/", f"{ROOT / 'static'}/"),
        # The site's own add_header (HSTS) replaces the http block's: name the upstream in the server block too.
        ('add_header Strict-Transport-Security "max-age=31536000" always;',
         f'add_header Strict-Transport-Security "max-age=31536000" always;\n'
         f'    add_header {UPSTREAM_HEADER} $upstream_addr always;'),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, f"{SITE.name} no longer has exactly one {old!r}"
        text = text.replace(old, new)
    return text


MAIN = """daemon off;
worker_processes {workers};
worker_rlimit_nofile {files};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections {connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    add_header {header} $upstream_addr always;
    include {prefix}/klantwijs.conf;
}}
"""


class Nginx:
    def __init__(self, upstream_ports: list[int], workers: int = 1, connections: int = 4096):
        self.binary = nginx_binary()
        if self.binary is None:
            raise FileNotFoundError("nginx")
        self.prefix = Path(tempfile.mkdtemp(prefix="klantwijs-nginx-"))
        os.chmod(self.prefix, 0o755)  # nginx's workers (not root) reach their temp dirs through it
        self.port, self.redirect_port = free_port(), free_port()
        self.cert, self.key = make_certificate(self.prefix)
        (self.prefix / "klantwijs.conf").write_text(
            site_config(upstream_ports, self.port, self.redirect_port, self.cert, self.key))
        (self.prefix / "nginx.conf").write_text(MAIN.format(
            workers=workers, files=connections * 2 + 100, connections=connections, prefix=self.prefix,
            header=UPSTREAM_HEADER))
        command = [self.binary, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                   "-e", str(self.prefix / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {checked.stderr}")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not start: {self.errors()}")
            time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def _answers(self) -> bool:
        import socket
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def errors(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
        shutil.rmtree(self.prefix, ignore_errors=True)
