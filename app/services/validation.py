"""Field validators shared by the app forms and the API. Each returns the clean value or raises ValueError.

The ValueError is a `RuleError` naming the rule that failed ("required", "max_length", "pattern", ...), so
the REST API can report the field *and* the rule; the app only shows the message.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email as _validate_email

DEFAULT_PHONE_REGION = "GB"
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


class RuleError(ValueError):
    """A ValueError that says which rule failed."""

    def __init__(self, message: str, rule: str = "invalid"):
        super().__init__(message)
        self.rule = rule


def rule_of(exc: Exception) -> str:
    return getattr(exc, "rule", "invalid")


def clean_name(value: str | None, *, label: str = "Name", max_len: int = 100) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleError(f"{label} is required.", "required")
    if len(value) > max_len:
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
    if not isinstance(value, str) or not E164.match(value):
        raise RuleError("Use E.164 format: + and country code, up to 15 digits, e.g. +421901234567.", "pattern")
    return value
