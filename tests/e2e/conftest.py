"""Browser tests: one production-mode Candor server on a fresh SQLite database, driven by Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from playwright.sync_api import Browser, Page, sync_playwright

from app.settings import ROOT

CHROMIUM = os.environ.get("CANDOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEMO_PASSWORD = "candor-demo"


@dataclass
class Server:
    url: str
    database_url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(data_dir: Path, port: int) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DATABASE_URL", "REFLEX_REDIS"))}
    env.update({
        "PATH": venv_bin + os.pathsep + env.get("PATH", ""),
        "CANDOR_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'candor.db'}",
        "CANDOR_PUBLIC_URL": f"http://localhost:{port}",
        "SECRET_KEY": "e2e-secret",
        "REFLEX_USE_NPM": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "CANDOR_DEMO_CANDIDATES": "300",
        "CANDOR_WEBHOOK_ALLOW_LOOPBACK": "1",  # webhooks to a receiver the test runs on this machine
    })
    return env


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Candor exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url + "/ping", timeout=2).status_code == 200 and \
                    httpx.get(url + "/login/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"Candor did not start within {timeout}s:\n{log.read_text()[-4000:]}")


def _own_web_dir(name: str) -> Path:
    """A frontend build directory for a second server. The build embeds its server's port, so two servers
    building into the same `.web` would send the first one's pages to the second one's socket. Starts as a
    copy of `.web` (without its build) to skip the package install."""
    source, target = ROOT / ".web", ROOT / name
    if not target.exists() and (source / "node_modules").is_dir():
        shutil.copytree(source, target, symlinks=True,
                        ignore=lambda folder, _names: ["build"] if Path(folder) == source else [])
    return target


@contextlib.contextmanager
def _running_server(data_dir: Path, **extra_env: str):
    port = _free_port()
    env = _server_env(data_dir, port) | extra_env
    py = sys.executable
    subprocess.run([py, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([py, "-m", "app.cli", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = data_dir / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(Path(py).parent / "reflex"), "run", "--env", "prod", "--frontend-port", str(port),
             "--backend-port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield Server(url=url, database_url=env["DATABASE_URL"], log=log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """Candor as `make run` serves it: one process, SQLite."""
    with _running_server(tmp_path_factory.mktemp("e2e-data")) as running:
        yield running


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Server:
    """Production topology: Redis state manager and two workers (own SQLite file, own Redis database)."""
    url = os.environ.get("CANDOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        if os.environ.get("CANDOR_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable: {exc}")
        pytest.skip("Redis not reachable (set CANDOR_TEST_REDIS_URL)")
    try:
        with _running_server(tmp_path_factory.mktemp("e2e-redis"), REFLEX_REDIS_URL=url, GRANIAN_WORKERS="2",
                             REFLEX_WEB_WORKDIR=str(_own_web_dir(".web-redis"))) as running:
            yield running
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, server):
    """Factory for pages in separate browser contexts (separate cookie jars), closed after the test."""
    contexts = []

    def make(base_url: str | None = None, **context_options) -> Page:
        ctx = browser.new_context(base_url=base_url or server.url, **context_options)
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def login(page: Page, email: str, password: str = DEMO_PASSWORD, start: str = "/login") -> None:
    """Sign in through the real form and wait for the workspace shell."""
    page.goto(start)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_selector("#agency-name:not(:empty)")
