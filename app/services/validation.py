"""Field validators shared by the app forms and the API. Each returns the clean value or raises ValueError."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email as _validate_email

DEFAULT_PHONE_REGION = "GB"


def clean_name(value: str | None, *, label: str = "Name", max_len: int = 100) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError(f"{label} is required.")
    if len(value) > max_len:
        raise ValueError(f"{label} must be at most {max_len} characters.")
    return value


def clean_email(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError("Email is required.")
    try:
        return _validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(f"Enter a valid email address ({exc}).") from None


def clean_phone(value: str | None, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """Any reasonable way of typing a number becomes E.164; empty means no phone."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError("Enter a phone number, e.g. +44 20 7946 0958.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("This phone number is not valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
