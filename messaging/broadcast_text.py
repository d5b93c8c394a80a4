"""The text of a broadcast: merge fields ({preferred_name}, ...) and the SMS segment count.

A text of GSM-7 characters only goes in segments of 160 characters (153 each once split; the extension
characters such as "€" or "{" count twice); any other character (an emoji, "ñ" is GSM but "á" is not) makes the
whole text UCS-2: 70 characters, 67 each once split, counted in UTF-16 units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from messaging import reach

MAX_SEGMENTS = 10
FIELD = re.compile(r"\{([^{}\s]*)\}")
# Filled for every audience, by the outbox itself from the person's record.
PERSON_FIELDS = ("preferred_name",)

_GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = "^{}\\[~]|€\f"
GSM_BASIC = frozenset(_GSM_BASIC)
GSM_EXTENDED = frozenset(_GSM_EXTENDED)


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    length: int  # in the encoding's units
    count: int
    per_segment: int


def sms_segments(text: str) -> Segments:
    """How many segments this text takes, and in which encoding."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        length = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if length == 0:
        return Segments(encoding, 0, 0, single)
    if length <= single:
        return Segments(encoding, length, 1, single)
    return Segments(encoding, length, -(-length // multi), multi)


def fields_in(text: str) -> list[str]:
    """The merge fields a text uses, in order of first use."""
    seen: list[str] = []
    for name in FIELD.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


def fields_available(audience: str) -> list[str]:
    """The merge fields a broadcast to this audience may use."""
    names = list(PERSON_FIELDS)
    for registration in reach.merge_fields_for(audience):
        names.extend(f for f in registration.fields if f not in names)
    return names


def unknown_fields(text: str, audience: str) -> tuple[list[str], list[str]]:
    """The fields of `text` nobody fills for this audience: (fields that exist for other audiences, fields that do
    not exist at all)."""
    available = set(fields_available(audience))
    elsewhere = reach.all_merge_fields()
    wrong_audience: list[str] = []
    unknown: list[str] = []
    for name in fields_in(text):
        if name in available:
            continue
        (wrong_audience if name in elsewhere else unknown).append(name)
    return wrong_audience, unknown


def merge(text: str, values: dict[str, str]) -> str:
    """The text with each {field} replaced by its value ("" when there is none for this person)."""
    return FIELD.sub(lambda m: values.get(m.group(1), ""), text or "")
