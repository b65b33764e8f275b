"""Field validators shared by the app forms and the API. Each returns the clean value or raises ValueError.

The ValueError is a `RuleError` naming the rule that failed ("required", "max_length", "pattern", ...), so
the REST API can report the field *and* the rule; the app only shows the message.
"""

from __future__ import annotations

import math
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email as _validate_email

DEFAULT_PHONE_REGION = "GB"
# Always used with fullmatch: with `match`, `$` would also accept a trailing "\n".
E164 = re.compile(r"\+[1-9][0-9]{1,14}", re.ASCII)


class RuleError(ValueError):
    """A ValueError that says which rule failed."""

    def __init__(self, message: str, rule: str = "invalid"):
        super().__init__(message)
        self.rule = rule


def rule_of(exc: Exception) -> str:
    return getattr(exc, "rule", "invalid")


def clean_name(value: str | None, *, label: str = "Name", max_len: int = 100) -> str:
    raw = value or ""
    value = raw.strip()
    if not value:
        raise RuleError(f"{label} is required.", "required")
    _text_ok(value)
    if len(raw) > max_len:  # as sent: padding counts too, as it does for the API's maxLength
        raise RuleError(f"{label} must be at most {max_len} characters.", "max_length")
    return value


def clean_email(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleError("Email is required.", "required")
    try:
        return _validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise RuleError(f"Enter a valid email address ({exc}).", "format") from None


def clean_phone(value: str | None, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """Any reasonable way of typing a number becomes E.164; empty means no phone."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise RuleError("Enter a phone number, e.g. +44 20 7946 0958.", "format") from None
    if not phonenumbers.is_valid_number(number):
        raise RuleError("This phone number is not valid.", "invalid_number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_e164(value: str | None) -> str | None:
    """A phone number already in E.164 (`+` and up to 15 digits), as API clients send it; empty means none."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not E164.fullmatch(value):
        raise RuleError("Use E.164 format: + and country code, up to 15 digits, e.g. +421901234567.", "pattern")
    return value


METADATA_MAX_BYTES = 10 * 1024
METADATA_MAX_DEPTH = 5
METADATA_MAX_KEYS = 50


def _walk(value, depth: int, counts: dict) -> None:
    """Depth, key count and value checks of a metadata tree (the top-level object is depth 1)."""
    if isinstance(value, (dict, list)):
        if depth > METADATA_MAX_DEPTH:
            raise RuleError(f"Metadata can be nested at most {METADATA_MAX_DEPTH} levels deep.", "max_depth")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(value, dict):
                counts["keys"] += 1
                _text_ok(key)
            _walk(item, depth + 1, counts)
    elif isinstance(value, float) and not math.isfinite(value):
        raise RuleError("Metadata numbers must be finite.", "finite_number")
    elif isinstance(value, str):
        _text_ok(value)


def _text_ok(text: str) -> None:
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise RuleError("Text must not contain NUL characters or unpaired surrogates.", "invalid_characters")


def clean_metadata(value) -> dict:
    """Custom key/value data as given (replaced as a whole): an object of at most 10 KB (compact JSON, UTF-8),
    5 levels deep and 50 keys counted over every level. None clears it."""
    import json

    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError("Metadata must be a JSON object.", "type")
    counts = {"keys": 0}
    _walk(value, 1, counts)
    if counts["keys"] > METADATA_MAX_KEYS:
        raise RuleError(f"Metadata can have at most {METADATA_MAX_KEYS} keys (counted over every level).",
                        "max_keys")
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > METADATA_MAX_BYTES:
        raise RuleError(f"Metadata can be at most 10 KB ({METADATA_MAX_BYTES} bytes as JSON); this is {size}.",
                        "max_size")
    return value


CV_MAX_LENGTH = 50_000


def clean_cv(value, known_names=()) -> str | None:
    """Plain-text CV of at most 50,000 characters, stored anonymised; empty clears it."""
    from app.services.anonymise import anonymise_cv

    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RuleError("The CV must be plain text.", "type")
    if len(value) > CV_MAX_LENGTH:
        raise RuleError(f"The CV can have at most {CV_MAX_LENGTH:,} characters.", "max_length")
    _text_ok(value)
    return anonymise_cv(value, known_names)
