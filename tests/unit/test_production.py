"""Production mode: /healthz, redacted JSON logs, CORS from the public URL, the backend serving the frontend
build (SPA fallback), and scripts/prod.sh's steps."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.api.frontend import FrontendApp
from app.api.server import create_api
from app.db import get_engine
from app.logging_setup import JsonFormatter, RedactingFilter, configure_logging, redact
from app.settings import ROOT, get_settings, public_origin
from tests.api_fixtures import client  # noqa: F401  (fixture)


# --- /healthz ---------------------------------------------------------------------------------------------

def test_healthz_ok_on_a_working_database(client):  # noqa: F811
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "not configured"}
    assert response.headers["cache-control"] == "no-store"


@pytest.fixture
def fresh_settings(monkeypatch):
    def use(**env):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        get_engine.cache_clear()

    yield use
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_healthz_fails_when_the_database_is_down_without_leaking_the_url(fresh_settings, monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    fresh_settings(DATABASE_URL="postgresql+psycopg://secretuser:hunter2@127.0.0.1:1/nowhere")
    with TestClient(create_api()) as c:
        response = c.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"].startswith("error: ")
    assert "hunter2" not in response.text and "secretuser" not in response.text


def test_healthz_fails_when_redis_is_down(fresh_settings, tmp_path):
    fresh_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}", REFLEX_REDIS_URL="redis://127.0.0.1:1/9")
    with TestClient(create_api()) as c:
        response = c.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "error: ConnectionError"}


def test_healthz_checks_a_live_redis(fresh_settings, tmp_path):
    redis = pytest.importorskip("redis")
    url = os.environ.get("CANDOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("CANDOR_REQUIRE_REDIS") == "1":
            pytest.fail("Redis is required but unreachable")
        pytest.skip("Redis not reachable")
    fresh_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}", REFLEX_REDIS_URL=url)
    with TestClient(create_api()) as c:
        response = c.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


# --- logs -------------------------------------------------------------------------------------------------

def _json_line(msg, *args, exc_info=None, **extra) -> dict:
    record = logging.LogRecord("candor.test", logging.WARNING, __file__, 1, msg, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    RedactingFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


@pytest.mark.parametrize("text, secret", [
    ("Authorization: Bearer cnd_live_abcdefghijklmnop", "cnd_live_abcdefghijklmnop"),
    ("login failed password=hunter2 for ann", "hunter2"),
    ('{"password": "hunter2", "email": "a@b.c"}', "hunter2"),
    ("Cookie: candor_session=abc123def; theme=dark", "abc123def"),
    ("set-cookie: sid=s3cr3tvalue; HttpOnly", "s3cr3tvalue"),
    ("GET /update/AbCdEfGhIjKlMnOpQrStUv HTTP/1.1", "AbCdEfGhIjKlMnOpQrStUv"),
    ("callback?code=x&access_token=tok_987654321&state=1", "tok_987654321"),
    ("resend key re_1234567890abcdefghij rejected", "re_1234567890abcdefghij"),
    ("id token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature", "eyJzdWIiOiIxMjM0NTY3ODkwIn0"),
    ("SECRET_KEY=abcdef0123456789", "abcdef0123456789"),
])
def test_secrets_are_redacted(text, secret):
    assert secret not in redact(text)
    assert "[redacted]" in redact(text)


def test_ordinary_text_is_kept():
    text = "moved candidate 42 to stage Interview for job 7 (ann@example.com)"
    assert redact(text) == text


def test_json_log_line_redacts_message_args_extra_and_exception():
    try:
        raise ValueError("bad token=abcdefgh12345")
    except ValueError:
        exc_info = sys.exc_info()
    line = _json_line("sent %s with %s", "Bearer xyz.secret.value", {"api_key": "k-123456", "n": 3},
                      exc_info=exc_info, cookie="sid=zzz", request={"headers": {"authorization": "Basic QQ=="}},
                      candidate_id="c-1")
    text = json.dumps(line)
    for secret in ("xyz.secret.value", "k-123456", "abcdefgh12345", "zzz", "QQ=="):
        assert secret not in text
    assert line["level"] == "warning" and line["logger"] == "candor.test"
    assert line["candidate_id"] == "c-1" and line["cookie"] == "[redacted]"
    assert "ValueError" in line["exception"]
    assert set(line) >= {"time", "level", "logger", "message", "pid"}


def test_configure_logging_json_writes_one_redacted_object_per_line():
    stream = io.StringIO()
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        configure_logging(fmt="json", level="INFO", stream=stream)
        logging.getLogger("app.test").info("user signed in, session=abc%s", "def", extra={"user": "ann"})
        lines = [json.loads(x) for x in stream.getvalue().splitlines()]
    finally:
        for handler in list(root.handlers):
            if handler not in before[0]:
                root.removeHandler(handler)
        root.setLevel(before[1])
    assert len(lines) == 1
    assert lines[0]["message"] == "user signed in, session=[redacted]" and lines[0]["user"] == "ann"


# --- CORS -------------------------------------------------------------------------------------------------

def test_public_origin():
    assert public_origin("https://Candor.Example.com/app/") == "https://candor.example.com"
    assert public_origin("http://localhost:3000") == "http://localhost:3000"
    assert public_origin("not a url") == ""


def _cors(env: dict[str, str]) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CANDOR_PUBLIC_URL", "CANDOR_CORS"))}
    code = "import json, rxconfig; print(json.dumps(list(rxconfig.config.cors_allowed_origins)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cors_allows_only_the_configured_public_origin():
    assert _cors({"CANDOR_PUBLIC_URL": "https://candor.example.com/"}) == ["https://candor.example.com"]
    assert _cors({"CANDOR_PUBLIC_URL": "https://candor.example.com",
                  "CANDOR_CORS_EXTRA_ORIGINS": "https://admin.example.com/x, https://candor.example.com"}) == \
        ["https://candor.example.com", "https://admin.example.com"]


def test_cors_without_a_public_url_is_open_for_local_development():
    assert _cors({}) == ["*"]


# --- the backend serving the frontend build ---------------------------------------------------------------

@pytest.fixture
def frontend(tmp_path):
    build = tmp_path / "client"
    (build / "login").mkdir(parents=True)
    (build / "assets").mkdir()
    (build / "index.html").write_text("<html>home</html>")
    (build / "__spa-fallback.html").write_text("<html>spa</html>")
    (build / "404.html").write_text("<html>not found</html>")
    (build / "login" / "index.html").write_text("<html>login</html>")
    (build / "assets" / "app-1234.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside the build")

    async def ping(_request):
        return JSONResponse("pong")

    async def post_only(_request):
        return PlainTextResponse("posted")

    backend = Starlette(routes=[Route("/ping", ping), Route("/healthz", ping),
                                Route("/auth/login", post_only, methods=["POST"])])
    app = FrontendApp(backend, build.resolve(), is_route=lambda p: p.startswith(("/candidates", "/jobs")))
    return TestClient(app)


def test_static_files_of_the_build_are_served(frontend):
    assert frontend.get("/").text == "<html>home</html>"
    assert frontend.get("/login").text == "<html>login</html>"
    assert frontend.get("/login/").text == "<html>login</html>"
    js = frontend.get("/assets/app-1234.js")
    assert js.status_code == 200 and "immutable" in js.headers["cache-control"]
    assert frontend.get("/").headers["cache-control"] == "no-cache"


def test_backend_routes_still_reach_the_backend(frontend):
    assert frontend.get("/ping").json() == "pong"
    assert frontend.get("/healthz").json() == "pong"
    assert frontend.post("/auth/login").text == "posted"


def test_unknown_app_route_gets_the_spa_page(frontend):
    response = frontend.get("/candidates/123e4567-e89b-12d3-a456-426614174000")
    assert response.status_code == 200 and response.text == "<html>spa</html>"


def test_unknown_path_gets_404_page_and_no_file_outside_the_build(frontend):
    response = frontend.get("/no/such/page")
    assert response.status_code == 404 and response.text == "<html>not found</html>"
    assert "outside" not in frontend.get("/../secret.txt").text
    assert frontend.get("/%2e%2e/secret.txt").status_code == 404


def test_serve_frontend_is_off_unless_asked(monkeypatch):
    from app.api.frontend import serve_frontend

    sentinel = object()
    monkeypatch.delenv("CANDOR_SERVE_FRONTEND", raising=False)
    assert serve_frontend(sentinel) is sentinel
    monkeypatch.setenv("CANDOR_SERVE_FRONTEND", "1")
    monkeypatch.setenv("CANDOR_FRONTEND_DIR", "/nonexistent-candor-build")
    with pytest.raises(RuntimeError, match="no frontend build"):
        serve_frontend(sentinel)


# --- scripts/prod.sh --------------------------------------------------------------------------------------

def _prod_sh(*args, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REFLEX_REDIS_URL", "CANDOR_PUBLIC_URL", "GRANIAN_WORKERS")}
    return subprocess.run(["bash", str(ROOT / "scripts" / "prod.sh"), *args], env=base | env,
                          capture_output=True, text=True, timeout=60)


def test_prod_sh_dry_run_migrates_then_builds_once_then_serves_with_workers():
    result = _prod_sh("--dry-run", DATABASE_URL="postgresql+psycopg://u@db/candor",
                      REFLEX_REDIS_URL="redis://cache:6379/0", CANDOR_PUBLIC_URL="https://candor.example.com",
                      GRANIAN_WORKERS="6", SECRET_KEY="s", PORT="8001")
    assert result.returncode == 0, result.stderr
    commands = [line[4:] for line in result.stderr.splitlines() if line.startswith("==> ")]
    assert commands == [
        "alembic upgrade head",
        "reflex export --frontend-only --no-zip --env prod",
        "reflex run --env prod --backend-only --backend-host 0.0.0.0 --backend-port 8001",
    ]
    assert "socket at https://candor.example.com" in result.stderr
    assert "6 workers" in result.stderr


def test_prod_sh_refuses_to_start_without_redis_or_database():
    no_redis = _prod_sh("--dry-run", DATABASE_URL="postgresql+psycopg://u@db/candor")
    assert no_redis.returncode == 1 and "REFLEX_REDIS_URL" in no_redis.stderr
    no_db = _prod_sh("--dry-run", REFLEX_REDIS_URL="redis://cache:6379/0")
    assert no_db.returncode == 1 and "DATABASE_URL" in no_db.stderr


def test_prod_sh_single_step():
    result = _prod_sh("--dry-run", "--step", "migrate", DATABASE_URL="postgresql+psycopg://u@db/c",
                      REFLEX_REDIS_URL="redis://c/0", SECRET_KEY="s")
    assert [line for line in result.stderr.splitlines() if line.startswith("==> ")] == ["==> alembic upgrade head"]
