"""Configuration from environment variables, with safe defaults for a local install."""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    public_url: str
    redis_url: str | None
    resend_api_key: str | None
    session_idle_minutes: int
    session_absolute_hours: int
    login_max_failures: int
    login_window_minutes: int
    oidc_issuer: str | None
    oidc_client_id: str | None
    oidc_client_secret: str | None
    oidc_agency: str | None
    oidc_label: str
    api_rate_limit: int = 600
    webhook_allow_loopback: bool = False

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def public_origin(url: str) -> str:
    """scheme://host[:port] of a public URL (no path): what browsers send as Origin, for CORS."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def _secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under data/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


@functools.cache
def get_settings() -> Settings:
    env = os.environ.get
    data_dir = Path(env("CANDOR_DATA_DIR", str(ROOT / "data"))).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        data_dir=data_dir,
        database_url=env("DATABASE_URL") or f"sqlite:///{data_dir / 'candor.db'}",
        secret_key=_secret_key(data_dir),
        public_url=env("CANDOR_PUBLIC_URL", "http://localhost:3000").rstrip("/"),
        redis_url=env("REFLEX_REDIS_URL") or None,
        resend_api_key=env("RESEND_API_KEY") or None,
        session_idle_minutes=int(env("CANDOR_SESSION_IDLE_MINUTES", "120")),
        session_absolute_hours=int(env("CANDOR_SESSION_ABSOLUTE_HOURS", "12")),
        login_max_failures=int(env("CANDOR_LOGIN_MAX_FAILURES", "5")),
        login_window_minutes=int(env("CANDOR_LOGIN_WINDOW_MINUTES", "15")),
        oidc_issuer=env("OIDC_ISSUER") or None,
        oidc_client_id=env("OIDC_CLIENT_ID") or None,
        oidc_client_secret=env("OIDC_CLIENT_SECRET") or None,
        oidc_agency=env("OIDC_AGENCY") or None,
        oidc_label=env("OIDC_LABEL", "single sign-on"),
        api_rate_limit=int(env("CANDOR_API_RATE_LIMIT", "600")),
        webhook_allow_loopback=env("CANDOR_WEBHOOK_ALLOW_LOOPBACK", "") in ("1", "true", "yes"),
    )
