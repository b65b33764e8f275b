"""Production topology: two separate backend processes (scripts/prod.sh, several workers each) on different
ports, sharing one Redis and one PostgreSQL database. A kanban move made through one appears live on the page
served by the other; restarting one process loses no committed data and its page reconnects by itself."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
import sqlalchemy as sa
from playwright.sync_api import expect

from app.settings import ROOT
from tests.conftest import ThrowawayPostgres
from tests.e2e.conftest import _free_port, _own_web_dir, _server_env, login
from tests.e2e.test_kanban import _busy_job, _column

pytestmark = pytest.mark.e2e

REDIS_URL = os.environ.get("CANDOR_TEST_REDIS_URL_TWO", "redis://127.0.0.1:6379/9")


@dataclass
class Backend:
    name: str
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self, steps: str = "build serve") -> None:
        """scripts/prod.sh: builds this backend's frontend once (own .web dir: the build embeds the port),
        then serves it from the backend with GRANIAN_WORKERS workers on the Redis state manager."""
        with self.log.open("a") as out:
            for step in steps.split()[:-1]:
                subprocess.run(["bash", "scripts/prod.sh", "--step", step], cwd=ROOT, env=self.env, stdout=out,
                               stderr=subprocess.STDOUT, check=True, timeout=900)
            self.proc = subprocess.Popen(["bash", "scripts/prod.sh", "--step", steps.split()[-1]], cwd=ROOT,
                                         env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log.read_text()[-4000:]}")
            with contextlib.suppress(httpx.HTTPError):
                health = httpx.get(self.url + "/healthz", timeout=3)
                if health.status_code == 200 and httpx.get(self.url + "/login/", timeout=5).status_code == 200:
                    assert health.json()["checks"] == {"database": "ok", "redis": "ok"}
                    return
            time.sleep(1)
        raise RuntimeError(f"{self.name} did not start:\n{self.log.read_text()[-4000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture(scope="module")
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        if os.environ.get("CANDOR_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable: {exc}")
        pytest.skip("Redis not reachable (set CANDOR_TEST_REDIS_URL_TWO)")
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def two_backends(shared_redis, tmp_path_factory):
    with ThrowawayPostgres() as database_url:
        backends = []
        data_dir = tmp_path_factory.mktemp("two-processes")
        for name in ("a", "b"):
            port = _free_port()
            env = _server_env(data_dir, port) | {
                "DATABASE_URL": database_url, "REFLEX_REDIS_URL": shared_redis, "GRANIAN_WORKERS": "2",
                "REFLEX_WEB_WORKDIR": str(_own_web_dir(f".web-two-{name}")), "PORT": str(port),
                "CANDOR_BIN": str(Path(sys.executable).parent),
            }
            backends.append(Backend(name, port, env, data_dir / f"server-{name}.log"))
        try:
            # Migrations once, as their own step; then demo data; then each backend builds and serves.
            subprocess.run(["bash", "scripts/prod.sh", "--step", "migrate"], cwd=ROOT, env=backends[0].env,
                           check=True, capture_output=True, timeout=300)
            subprocess.run([sys.executable, "-m", "app.cli", "seed-demo"], cwd=ROOT, env=backends[0].env,
                           check=True, capture_output=True, timeout=600)
            for backend in backends:
                backend.start()
            yield backends, database_url
        finally:
            for backend in backends:
                backend.stop()
            sa.create_engine(database_url).dispose()


def _stage_of(database_url: str, application_id: str) -> str:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT s.name FROM application a JOIN pipeline_stage s ON s.id = a.stage_id WHERE a.id = :id"),
                {"id": application_id}).scalar_one()
    finally:
        engine.dispose()


def _move(page, card_id: str, target: str) -> None:
    page.locator(f"#{card_id} .card-move").click()
    page.get_by_role("dialog").get_by_role("button", name=target).click()
    expect(_column(page, target).locator(f"#{card_id}")).to_be_visible()


def test_a_move_on_one_process_appears_live_on_the_other_and_survives_a_restart(browser, two_backends):
    (a, b), database_url = two_backends
    contexts = []

    def page_on(backend):
        ctx = browser.new_context(base_url=backend.url)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        return ctx.new_page()

    try:
        mover = page_on(a)
        login(mover, "recruiter@northwind.example.com", start="/login?next=%2Fjobs")
        _busy_job(mover)
        board_path = mover.url.removeprefix(a.url)
        watcher = page_on(b)
        login(watcher, "admin@northwind.example.com")
        watcher.goto(board_path)
        expect(watcher.locator(".kanban-card").first).to_be_visible()

        card = mover.locator(".kanban-card").first
        card_id = card.get_attribute("id")
        source = mover.locator(".kanban-col", has=mover.locator(f"#{card_id}")).get_attribute("data-stage")
        first, second = ("Interview", "Offer") if source not in ("Interview", "Offer") else ("Screening", "Applied")

        # Through process A; live on the page served by process B (Redis pub/sub between processes).
        _move(mover, card_id, first)
        expect(watcher.locator(f'.kanban-col[data-stage="{first}"] #{card_id}')).to_be_visible(timeout=5000)
        application_id = card_id.removeprefix("card-")
        assert _stage_of(database_url, application_id) == first

        # Restart process B: the committed move is still there, and B's page reconnects by itself (no reload):
        # a move made through A meanwhile and after reaches it.
        b.stop()
        with contextlib.suppress(httpx.HTTPError):
            assert httpx.get(b.url + "/healthz", timeout=3).status_code != 200
        _move(mover, card_id, second)
        assert _stage_of(database_url, application_id) == second
        b.start(steps="serve")
        expect(watcher.locator(f'.kanban-col[data-stage="{second}"] #{card_id}')).to_be_visible(timeout=60_000)
        _move(mover, card_id, first)
        expect(watcher.locator(f'.kanban-col[data-stage="{first}"] #{card_id}')).to_be_visible(timeout=10_000)

        # And the other way round: a move through the restarted process reaches A's page.
        _move(watcher, card_id, second)
        expect(mover.locator(f'.kanban-col[data-stage="{second}"] #{card_id}')).to_be_visible(timeout=5000)
        watcher.reload()
        expect(_column(watcher, second).locator(f"#{card_id}")).to_be_visible()
        assert _stage_of(database_url, application_id) == second
    finally:
        for ctx in contexts:
            ctx.close()
