"""Structured logs for production: one JSON object per line, with secrets, tokens and cookies redacted.

`configure_logging()` is called once when the app module is imported. With `CANDOR_LOG_FORMAT=json` (set by
scripts/prod.sh) the root logger writes JSON to stderr; otherwise the format is left to Reflex/Python. The
redaction filter is installed in both cases, so a secret never reaches a log line whatever the format.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime

REDACTED = "[redacted]"

# Keys whose values are never logged (in dicts passed as args/extra, and in "key=value" / "key: value" text).
SECRET_KEYS = ("password", "passwd", "secret", "token", "api_key", "apikey", "authorization", "cookie",
               "set-cookie", "session", "sid", "csrf", "x-api-key", "client_secret", "private_key")

_KEY_ALT = "|".join(re.escape(k) for k in sorted(SECRET_KEYS, key=len, reverse=True))
_PATTERNS = [
    # Authorization: Bearer xxx / Basic xxx
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    # key=value, key: value, "key": "value" (query strings, headers, JSON-ish text); the value runs to a
    # separator. Cookie headers hold several pairs: the whole header value goes.
    (re.compile(r"(?i)((?:set-)?cookie['\"]?\s*[:=]\s*['\"]?)[^'\"\n]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(\b[\w-]*(?:" + _KEY_ALT + r")[\w-]*['\"]?\s*[:=]\s*['\"]?)[^\s'\"&,;}]+"), r"\1" + REDACTED),
    # Well-known token shapes even without a key: Candor API keys, Resend keys, JWTs.
    (re.compile(r"\bcnd_[A-Za-z0-9_-]{8,}"), REDACTED),
    (re.compile(r"\bre_[A-Za-z0-9_]{16,}"), REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), REDACTED),
    # Path tokens: /update/<token>, /portal/.../login/<token>
    (re.compile(r"(/(?:update|magic|login|reset|invite)/)[A-Za-z0-9_-]{16,}"), r"\1" + REDACTED),
]


def redact(text: str) -> str:
    """The text with every secret-looking value replaced by [redacted]."""
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


def _is_secret_key(key: object) -> bool:
    k = str(key).lower()
    return any(s in k for s in SECRET_KEYS)


def redact_value(value: object) -> object:
    """Dicts/lists walked (secret keys blanked), strings scrubbed, everything else kept."""
    if isinstance(value, dict):
        return {k: (REDACTED if _is_secret_key(k) else redact_value(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_value(v) for v in value)
    if isinstance(value, str):
        return redact(value)
    return value


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (args merged) and its exception text before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = redact_value(record.args) if isinstance(record.args, (dict, tuple)) else record.args
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        for key in list(vars(record)):
            if key not in _STANDARD_ATTRS:
                setattr(record, key, REDACTED if _is_secret_key(key) else redact_value(getattr(record, key)))
        return True


_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, pid, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
            "pid": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS:
                entry[key] = REDACTED if _is_secret_key(key) else redact_value(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        return json.dumps(entry, default=str, ensure_ascii=False)


_configured = False


def configure_logging(fmt: str | None = None, level: str | None = None, stream=None) -> None:
    """Install redaction on the root handlers; JSON output when asked (idempotent)."""
    global _configured
    fmt = (fmt or os.environ.get("CANDOR_LOG_FORMAT", "text")).lower()
    level = (level or os.environ.get("CANDOR_LOG_LEVEL", "INFO")).upper()
    root = logging.getLogger()
    if fmt == "json":
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RedactingFilter())
        for old in [h for h in root.handlers if getattr(h, "_candor", False)]:
            root.removeHandler(old)
        handler._candor = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(level)
        # Server loggers (granian, uvicorn) propagate to the root handler instead of printing their own text.
        for name in ("granian", "granian.access", "uvicorn", "uvicorn.error", "uvicorn.access", "_granian"):
            lg = logging.getLogger(name)
            lg.handlers = []
            lg.propagate = True
    else:
        for handler in root.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
    _configured = True
