"""Phone numbers as the coalition compares them: one reading, built on the `phonenumbers` package.

People are found, deduplicated, matched and texted by phone, so every app turns a number (or a fragment someone
typed into a search box) into digits the same way. Numbers are read as US numbers unless they say otherwise.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import NumberParseException

DEFAULT_REGION = "US"


def _parsed(value: Any) -> tuple[str, phonenumbers.PhoneNumber | None]:
    text = str(value or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return digits, None
    try:
        # Only the digits (and a leading +) are read: letters around them are a search's words, not a vanity number.
        number = phonenumbers.parse(("+" if text.startswith("+") else "") + digits, DEFAULT_REGION)
    except NumberParseException:
        return digits, None
    return digits, number


def phone_digits(value: Any) -> str:
    """The digits a phone is stored and searched by (`PersonPhone.digits`): a US number's ten digits without +1,
    another country's with its country code. A fragment that is no whole number ("0142") keeps its own digits."""
    digits, number = _parsed(value)
    if number is None or not phonenumbers.is_possible_number(number):
        return digits
    national = phonenumbers.national_significant_number(number)
    return national if number.country_code == 1 else f"{number.country_code}{national}"


def phone_e164(value: Any) -> str | None:
    """A valid number written in E.164 (+13125550142), or None when the value is not a valid number. A number
    already read (a stored `PhoneNumberField` value) is not read again."""
    if isinstance(value, phonenumbers.PhoneNumber):
        number = value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            number = phonenumbers.parse(text, DEFAULT_REGION)
        except NumberParseException:
            return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
