"""Reading OSDI request bodies into the values the domain's services take. Anything unknown, of the wrong type
or too long is refused with a ValidationError that says which field, before anything is written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from api import osdi
from coalition.models import County
from coalition.phones import phone_e164
from members import importing

# Fields a client may send back as it read them; they are not changed through the API.
READ_ONLY = {"identifiers", "_links", "created_date", "modified_date", "tags", "languages_spoken"}
LIMITS = {"first_name": 100, "last_name": 100, "preferred_name": 100, "pronouns": 40, "street_address": 200,
          "city": 100, "postal_code": 10}


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(_("%(field)s must be a JSON object.") % {"field": name})
    return value


def _list_of_objects(value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValidationError(_("%(field)s must be a list of JSON objects.") % {"field": name})
    return value


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s must be text.") % {"field": name})
    return value.strip()


def _only(body: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ValidationError(_("%(where)s has fields this API does not know: %(fields)s.")
                              % {"where": where, "fields": ", ".join(str(f)[:40] for f in unknown[:5])})


def _address(person: dict[str, Any], values: dict[str, Any]) -> None:
    addresses = _list_of_objects(person.get("postal_addresses", []), "postal_addresses")
    if addresses:
        address = addresses[0]
        _only(address, {"primary", "address_lines", "locality", "region", "postal_code", "country"}, "postal_addresses")
        lines = address.get("address_lines", [])
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            raise ValidationError(_("address_lines must be a list of texts."))
        values["street_address"] = ", ".join(line.strip() for line in lines if line.strip())
        values["city"] = _text(address.get("locality"), "locality")
        values["postal_code"] = _text(address.get("postal_code"), "postal_code")


def _names(person: dict[str, Any], values: dict[str, Any]) -> None:
    if "given_name" in person:
        values["first_name"] = _text(person["given_name"], "given_name")
    if "family_name" in person:
        values["last_name"] = _text(person["family_name"], "family_name")
    if "custom_fields" in person:
        custom = _object(person["custom_fields"], "custom_fields")
        _only(custom, {"preferred_name", "pronouns", "county"}, "custom_fields")
        for key in ("preferred_name", "pronouns"):
            if key in custom:
                values[key] = _text(custom[key], key)
        if _text(custom.get("county"), "county"):
            values["county"] = _county(_text(custom["county"], "county"))


def _county(name: str) -> County:
    """An Illinois county by its name, with or without "County", in any case."""
    county = County.objects.filter(name__iexact=importing.normal_county(name)).first()
    if county is not None:
        return county
    raise ValidationError(_("“%(value)s” is not an Illinois county.") % {"value": name[:60]})


def _email(person: dict[str, Any], values: dict[str, Any]) -> None:
    """The first of `email_addresses`, checked, as values["email"]; nothing when the list is absent or empty."""
    emails = _list_of_objects(person.get("email_addresses", []), "email_addresses")
    if emails:
        _only(emails[0], {"address", "primary", "status"}, "email_addresses")
        email = _text(emails[0].get("address"), "address").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError as error:
                raise ValidationError(_("“%(value)s” is not an email address.") % {"value": email[:80]}) from error
            values["email"] = email


def _phones(person: dict[str, Any]) -> list[str]:
    """Every number of `phone_numbers`, checked, in E.164 and in order; one that is not a number refuses the body."""
    numbers: list[str] = []
    for phone in _list_of_objects(person.get("phone_numbers", []), "phone_numbers")[:10]:
        _only(phone, {"number", "primary", "number_type", "status"}, "phone_numbers")
        number = _text(phone.get("number"), "number")
        if number:
            e164 = phone_e164(number[:40])
            if e164 is None:
                raise ValidationError(_("“%(value)s” is not a phone number.") % {"value": number[:40]})
            if e164 not in numbers:
                numbers.append(e164)
    return numbers


def _check_lengths(values: dict[str, Any]) -> None:
    for key, limit in LIMITS.items():
        if len(values.get(key) or "") > limit:
            raise ValidationError(_("%(field)s is longer than %(limit)d characters.") % {"field": key, "limit": limit})


def signup_values(body: Any) -> dict[str, Any]:
    """The person signup helper's body ({"person": {...}, "add_tags": [...]}) as an import row's values."""
    body = _object(body, "The body")
    _only(body, {"person", "add_tags"}, "The body")
    person = _object(body.get("person"), "person")
    _only(person, {"given_name", "family_name", "email_addresses", "phone_numbers", "postal_addresses",
                   "custom_fields", "identifiers"}, "person")
    values = importing.empty_values()
    _names(person, values)
    if not values["first_name"]:
        raise ValidationError(_("given_name is needed."))
    _email(person, values)
    phones = _phones(person)
    if phones:
        values["phone"], values["phones"] = phones[0], phones
    _address(person, values)
    values["external_ids"] = osdi.split_identifiers(person.get("identifiers", []))
    tags = body.get("add_tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t.strip()) <= 60 for t in tags):
        raise ValidationError(_("add_tags must be a list of tag names of at most 60 characters."))
    values["tags"] = sorted({t.strip() for t in tags})
    _check_lengths(values)
    return values


def person_changes(body: Any) -> tuple[dict[str, Any], list[str]]:
    """A person's update body as the fields of person_update (names, preferred name, pronouns, the address, the
    email) and the phone numbers to add. A number the person has is left as it is; none is removed, and an absent
    or empty list of emails or phones changes nothing."""
    body = _object(body, "The body")
    _only(body, {"given_name", "family_name", "postal_addresses", "custom_fields", "email_addresses",
                 "phone_numbers"} | READ_ONLY, "The body")
    values: dict[str, Any] = {}
    _names(body, values)
    if "given_name" in body and not values["first_name"]:
        raise ValidationError(_("given_name cannot be empty."))
    if "postal_addresses" in body:
        _address(body, values)
    _email(body, values)
    _check_lengths(values)
    return values, _phones(body)


def linked_id(body: Any, rel: str) -> str:
    """The id at the end of `_links[rel].href` (Action Network's way of naming a person in a tagging)."""
    body = _object(body, "The body")
    _only(body, {"_links", "status", "identifiers"}, "The body")
    links = _object(body.get("_links"), "_links")
    link = _object(links.get(rel), rel)
    href = _text(link.get("href"), "href").rstrip("/")
    tail = href.rsplit("/", 1)[-1]
    if not tail.isdigit() or len(tail) > 18:
        raise ValidationError(_("%(rel)s must link to a record of this API.") % {"rel": rel})
    return tail
