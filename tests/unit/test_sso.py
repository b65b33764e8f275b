"""OIDC single sign-on against a local mock provider: the whole browser round trip, on SQLite and PostgreSQL.

The Candor API runs in a Starlette TestClient (base URL http://testserver); the provider is
oidc-provider-mock in a thread on localhost. Redirects are followed by hand so every hop can be inspected.
"""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from oidc_provider_mock import run_server_in_thread
from starlette.testclient import TestClient

from app.api import sso_routes
from app.api.server import create_api
from app.db import get_engine
from app.services.auth import COOKIE_NAME, resolve_session
from app.settings import get_settings
from tests.factories import make_agency, make_user

PUBLIC_URL = "http://testserver"  # the TestClient's own base URL, so the callback lands back on it
NEXT_PATH = "/jobs?tab=open"


def _clear_caches() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    sso_routes._client.cache_clear()


@pytest.fixture(scope="module")
def issuer():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_env(monkeypatch, database_url, engine, issuer):
    """SSO switched on against the mock provider, with the app's own engine on the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CANDOR_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("OIDC_ISSUER", issuer)
    monkeypatch.setenv("OIDC_CLIENT_ID", "candor-test")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "candor-test-secret")
    monkeypatch.delenv("OIDC_AGENCY", raising=False)
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the mock provider speaks plain http
    _clear_caches()
    yield monkeypatch
    get_engine().dispose()
    _clear_caches()


@pytest.fixture
def client(sso_env):
    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def acme(session):
    return make_agency(session, "acme")


# --- the three hops of the flow ---------------------------------------------------------------

def start(client: TestClient, next_path: str = NEXT_PATH) -> str:
    """GET /auth/sso/start; returns the provider's authorization URL it redirects to."""
    response = client.get("/auth/sso/start", params={"next": next_path}, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def sign_in_at_provider(authorization_url: str, email: str, *, email_verified: bool = True) -> str:
    """Be `email` at the provider: set the subject's claims, submit its authorize form; returns the callback URL."""
    subject = f"sub-{email}"
    base = authorization_url.split("/oauth2/", 1)[0]
    with httpx.Client() as provider:
        provider.put(f"{base}/users/{subject}", json={"email": email, "email_verified": email_verified}) \
            .raise_for_status()
        response = provider.post(authorization_url, data={"sub": subject})
    assert response.status_code == 302, response.text
    callback_url = response.headers["location"]
    assert callback_url.startswith(f"{PUBLIC_URL}/auth/sso/callback?")
    return callback_url


def finish(client: TestClient, callback_url: str) -> httpx.Response:
    return client.get(callback_url, follow_redirects=False)


def sso_login(client: TestClient, email: str, **claims) -> httpx.Response:
    return finish(client, sign_in_at_provider(start(client), email, **claims))


# --- assertions on the callback's answer ------------------------------------------------------

def session_cookie_header(response: httpx.Response) -> str | None:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{COOKIE_NAME}="):
            return header
    return None


def assert_refused(client: TestClient, response: httpx.Response) -> None:
    assert response.status_code == 303
    assert response.headers["location"] == "/login?error=sso"
    assert session_cookie_header(response) is None
    assert COOKIE_NAME not in client.cookies


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**query_of(url), **changes})))


# --- tests ------------------------------------------------------------------------------------

def test_start_sends_pkce_nonce_and_state(client, issuer):
    url = start(client)
    assert url.startswith(f"{issuer}/oauth2/authorize?")
    query = query_of(url)
    assert query["client_id"] == "candor-test"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == f"{PUBLIC_URL}/auth/sso/callback"
    assert set(query["scope"].split()) >= {"openid", "email"}
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url(SHA-256), unpadded
    assert query["nonce"]
    assert query["state"]


def test_known_active_user_gets_a_session(client, session, acme):
    user = make_user(session, acme, "recruiter", email="rita@acme.test")

    response = sso_login(client, "Rita@Acme.test")  # the email claim is matched case-insensitively

    assert response.status_code == 303
    assert response.headers["location"] == NEXT_PATH
    cookie = session_cookie_header(response)
    assert cookie is not None
    assert "httponly" in cookie.lower()
    actor = resolve_session(session, client.cookies[COOKIE_NAME])
    assert actor is not None
    assert (actor.user_id, actor.agency_id, actor.role, actor.email) == (user.id, acme.id, "recruiter", user.email)


def test_unknown_email_is_refused(client, session, acme):
    make_user(session, acme, email="rita@acme.test")
    assert_refused(client, sso_login(client, "stranger@acme.test"))


def test_deactivated_user_is_refused(client, session, acme):
    make_user(session, acme, email="gone@acme.test", active=False)
    assert_refused(client, sso_login(client, "gone@acme.test"))


def test_unverified_email_is_refused(client, session, acme):
    make_user(session, acme, email="rita@acme.test")
    assert_refused(client, sso_login(client, "rita@acme.test", email_verified=False))


@pytest.mark.parametrize("configured_agency, accepted", [("acme", True), ("globex", False)])
def test_oidc_agency_limits_sign_in_to_that_agency(sso_env, session, acme, configured_agency, accepted):
    make_agency(session, "globex")
    make_user(session, acme, email="rita@acme.test")
    sso_env.setenv("OIDC_AGENCY", configured_agency)
    _clear_caches()

    with TestClient(create_api()) as client:
        response = sso_login(client, "rita@acme.test")
        if accepted:
            assert response.headers["location"] == NEXT_PATH
            assert resolve_session(session, client.cookies[COOKIE_NAME]) is not None
        else:
            assert_refused(client, response)


def test_tampered_state_is_refused(client, session, acme):
    make_user(session, acme, email="rita@acme.test")
    callback_url = sign_in_at_provider(start(client), "rita@acme.test")

    assert_refused(client, finish(client, with_query(callback_url, state="forged-state")))

    # The very same, still unused, code with the genuine state goes through: only the state was wrong.
    response = finish(client, callback_url)
    assert response.headers["location"] == NEXT_PATH
    assert resolve_session(session, client.cookies[COOKIE_NAME]) is not None


def test_id_token_with_wrong_nonce_is_refused(client, session, acme):
    make_user(session, acme, email="rita@acme.test")
    # The provider echoes whatever nonce it is asked for into the ID token; the app must notice it is not its own.
    authorization_url = with_query(start(client), nonce="forged-nonce")
    assert_refused(client, finish(client, sign_in_at_provider(authorization_url, "rita@acme.test")))


def test_unreachable_provider_sends_the_user_back_to_login(sso_env):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    sso_env.setenv("OIDC_ISSUER", dead)
    _clear_caches()
    with TestClient(create_api()) as client:
        response = client.get("/auth/sso/start", params={"next": "/"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?error=sso_unavailable"
