"""Bad input never makes a server error: every URL pattern, as every role, with hostile input.

For each URL the test sends NUL and control bytes, numbers past every integer range, negative numbers, 10,000
character strings, values of the wrong type, unicode oddities, broken percent-encodings and binary or malformed
files: in the path arguments, in the query string (every parameter of the page's GET forms and filters) and in
POST bodies (every field of the page's own forms, one field at a time on top of values that pass, and all of the
app's form fields at once). The expectation is the same everywhere: a 4xx or a page, never a 5xx.

Our URLs are sent as each role of the permission matrix; Django's admin and allauth's pages as nobody, the admin
and a member (they treat every other signed-in role as they treat the member).

Bounded and deterministic: the payloads are fixed, the choices among them come from a seed per URL, and the
number of requests per URL and role is fixed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import quote, urlsplit

import django_filters
import pytest
from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.base import Template
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

from messaging.backends import twilio_signature
from tests.matrix import LOGIN, ROLES, Row
from tests.test_permissions import ROWS, build_world

SEED = 20260116
SITE_URL = "http://testserver"
TWILIO_TOKEN = "fuzz-token"  # noqa: S105 - a test value, set in the settings for this test only

# Text that passes through every parser the app has and reaches its forms, selectors and services.
NUMBERS = ["99999999999999999999", str(2**63), str(2**31), "-1", "-99999999999999999999", "0", "-0", "1e309", "NaN",
           "-inf", "1.5", "0x1F", "1_000", "9" * 5000, "²", "١٢٣", "𝟗𝟗", "Ａ１２３"]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "2026-06-01T25:61", "-2026-01-01", "9" * 30]
TEXTS = ["x" * 10_000, "ñ" * 10_000, "[]", "{}", '{"a": 1}', "true", "None", "null", " ", "",
         "\u202egnp.exe", "😀" * 50, "e\u0301\u0301\u0301", "\ufeff", "\u200b", "İı", "ß" * 40,
         "'; DROP TABLE members_person; --", "<script>alert(1)</script>", "../../../etc/passwd", "%s%n{0}",
         "{{ 7*7 }}", '=HYPERLINK("x")', "\r\n\t", "+17735550142", "fuzz@example.org", "%00"]
DEEP = NUMBERS + DATES + TEXTS
# One of each kind, each sent in every query parameter at once.
CORE = ["99999999999999999999", str(2**63), "-99999999999999999999", "9" * 5000, "²", "1e309", "x" * 10_000,
        "2026-02-30", "\u202egnp.exe", "[]"]
# Stopped at the door with a 400 (tests/coalition/test_bad_input.py proves which).
CONTROL = ["\x00", "a\x00b", "\x01\x1b[2J", "\x7f"]
# Bytes a browser never sends in a query string: invalid UTF-8, an overlong NUL, broken escapes.
RAW_QUERY = ["%FF%FE", "%ED%A0%80", "%C0%80", "%", "%zz", "%E2%82"]

_random_bytes = random.Random(SEED).randbytes
FILES = [
    ("binary.csv", _random_bytes(2048)),
    ("nul.csv", b"First name,Last name\nAna\x00,Ruiz\n"),
    ("utf16.csv", "First name,Last name,Phone\nZoë,Núñez,312-555-0111\n".encode("utf-16")),
    ("utf16-no-bom.csv", "First name,Last name\nZoë,Núñez\n".encode("utf-16-le")),
    ("wide.csv", b"First name,chamber,district\n" + b"x" * 200_000 + b",House,1\nAna,House,2\n"),
    ("workbook.xlsx", b"PK\x03\x04" + _random_bytes(512)),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + _random_bytes(512)),
    ("empty.csv", b""),
    ("header-only.csv", b"chamber,district,first_name,last_name,party,region\n"),
    ("cr-only.csv", b"First name,Phone\rAna,3125550111\r"),
    ("nasty.csv", (
        "chamber,district,first_name,last_name,party,region,bill,position,source,Phone,Email,County,Tags\n"
        + "".join(f"House,{v},{v},{v},D,{v},HB {v},yes,visit,{v},{v},{v},{v}\n"
                  for v in ["²", "99999999999999999999", "-1", "x" * 300, '"=1+1"', "١٢٣"])
    ).encode()),
    ("a.pdf", b"%PDF-1.4\n" + _random_bytes(256)),
]

# Query parameters the app's views read by hand; the page's GET forms and the filter sets add the rest.
COMMON_GET = ["q", "page", "status", "audience", "region", "chamber", "bill", "lang", "kind", "when", "person",
              "theme", "next", "include_sensitive", "o", "p", "e", "_changelist_filters", "id__exact"]
# Fields the POST-only views read by hand (their forms' fields come from FORM_FIELDS).
COMMON_POST = ["next", "undo", "confirm", "form", "From", "Body", "post", "keep"]

# Values that pass an input of this type, so a body with one hostile field can reach the service behind it.
FILLER = {"email": "fuzz@example.org", "date": "2026-09-01", "datetime-local": "2026-09-01T10:00", "time": "10:00",
          "number": "1", "tel": "+17735550142", "url": "https://example.org", "password": "organize-illinois-2026"}


def _form_field_names() -> tuple[set[str], set[str]]:
    """Every field of every form and filter set of the apps (dynamic fields come from the rendered pages)."""
    fields: set[str] = set()
    files: set[str] = set()
    for app in ("coalition", "members", "campaigns", "events"):
        for module_name in ("forms", "filters"):
            try:
                module = import_module(f"{app}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm):
                    for name, form_field in value.base_fields.items():
                        (files if isinstance(form_field, forms.FileField) else fields).add(name)
                elif isinstance(value, type) and issubclass(value, django_filters.FilterSet):
                    fields.update(value.base_filters)
    return fields, files


FORM_FIELDS, FILE_FIELDS = _form_field_names()


@dataclass
class Form:
    method: str
    action: str
    values: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


class FormParser(HTMLParser):
    """The forms of a page: their method, action, field names and values that a person would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "option" and self._select and form.values.get(self._select, "") == "":
            form.values[self._select] = a.get("value", "")
        if not name:
            return
        kind = a.get("type", "text").lower()
        if tag == "input" and kind not in ("submit", "button", "reset", "image"):
            form.names.add(name)
            if kind == "file":
                form.files.add(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.values.setdefault(name, a.get("value") or "on")
            else:
                form.values[name] = a.get("value") or FILLER.get(kind, "Fuzz" if kind != "hidden" else "")
        elif tag == "select":
            form.names.add(name)
            form.values[name] = ""
            self._select = name
        elif tag == "textarea":
            form.names.add(name)
            form.values[name] = "Fuzz notes"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _patterns(entries: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _converters(name: str) -> dict[str, Any]:
    """The argument converters of a URL name (regex groups count as strings)."""
    found: dict[str, Any] = {}
    for full_name, pattern in _patterns(get_resolver().url_patterns):
        if full_name == name:
            found.update(getattr(pattern.pattern, "converters", {}))
            found.update({key: None for key in pattern.pattern.regex.groupindex if key not in found})
    return found


def _foreign_kwargs(name: str, converters: dict[str, Any]) -> dict[str, Any] | None:
    """Arguments that reverse a URL without a matrix row (allauth, the admin), or None when none do."""
    for value in ("1", "fuzz", "members"):
        kwargs = {key: value for key in converters}
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return kwargs
    return None


def _targets() -> list[str]:
    names = {name for name, _pattern in _patterns(get_resolver().url_patterns)} | set(ROWS)
    return sorted(names)


def _group(name: str) -> str:
    """URLs are fuzzed by namespace, each group on one set of accounts and one matrix world."""
    if name.startswith("admin:"):
        return "admin"
    return name.rsplit(":", 1)[0] if ":" in name else "accounts"


GROUPS: dict[str, list[str]] = {}
for _name in _targets():
    GROUPS.setdefault(_group(_name), []).append(_name)


@dataclass
class Fuzzer:
    """The requests for one URL, and the server errors they got."""

    world: dict[str, Any]
    accounts: dict[str, Any]
    rng: random.Random
    errors: list[str] = field(default_factory=list)
    sent: int = 0

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if self.accounts[role] is not None:
            client.force_login(self.accounts[role])
        return client

    def send(self, client: Client, role: str, method: str, path: str, what: str, **kwargs: Any) -> Any:
        self.sent += 1
        response = getattr(client, method)(path, **kwargs)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            cause = repr(exc[1])[:300] if exc else ""
            self.errors.append(f"{role} {method.upper()} {path[:150]} [{what[:150]}] -> {response.status_code} {cause}")
        return response

    def deep(self, like: Any = None) -> str:
        """A hostile value; a number's kind for a field whose valid value is a number, a date's for a date."""
        if isinstance(like, str) and like.isdigit():
            return self.rng.choice(NUMBERS)
        if isinstance(like, str) and len(like) >= 10 and like[4:5] == "-" and like[:4].isdigit():
            return self.rng.choice(DATES)
        return self.rng.choice(DEEP)

    def file(self) -> SimpleUploadedFile:
        name, content = self.rng.choice(FILES)
        return SimpleUploadedFile(name, content, content_type="text/csv")

    def signed(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """The SMS webhook checks a signature first: sign the body, so the hostile values reach the service."""
        if resolve(urlsplit(path).path).view_name != "messaging:sms_inbound":
            return {}
        # What the view signs: every form field (not the files), the last value of a repeated one.
        params = {k: v[-1] if isinstance(v, list) else v for k, v in data.items() if isinstance(v, str | list)}
        return {"HTTP_X_TWILIO_SIGNATURE": twilio_signature(SITE_URL + urlsplit(path).path, params, TWILIO_TOKEN)}


def _reaches(row: Row | None, role: str, probe_status: int | None) -> bool:
    """Whether the role gets past the access checks (its matrix row says so; else its GET answered 200)."""
    if row is None:
        return probe_status == 200
    if role == "anon" and row.expect[role] == LOGIN:
        return False
    return row.expect[role] in (200, 302)


def _query(params: dict[str, str]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())


def _own_forms(page: Any, path: str) -> list[Form]:
    if "text/html" not in page.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(page.content.decode("utf-8", "replace"))
    own = urlsplit(path).path
    return [f for f in parser.forms if urlsplit(f.action).path in ("", own)]


@dataclass
class Page:
    """What one role found at a URL: whether it got past the access checks, and the page's own forms."""

    role: str
    client: Client
    reach: bool
    get_names: list[str]
    posts: list[Form]


def _look(f: Fuzzer, row: Row | None, role: str, path: str, post_only: bool) -> Page:
    client = f.client(role)
    probe = None if post_only else f.send(client, role, "get", path, "as a person would")
    status = probe.status_code if probe is not None else None
    own = _own_forms(probe, path) if probe is not None and status == 200 else []
    return Page(role=role, client=client, reach=_reaches(row, role, status),
                get_names=sorted({n for form in own if form.method == "get" for n in form.names} | set(COMMON_GET)),
                posts=[form for form in own if form.method == "post"])


def _get(f: Fuzzer, page: Page, path: str, *, extras: bool, core: list[str] = CORE) -> None:
    """The query string: deep values in every parameter; with `extras` also each core value in every parameter,
    control bytes, broken escapes, repeated parameters and an htmx request."""
    separator = "&" if "?" in path else "?"
    params = {n: f.deep() for n in page.get_names}
    f.send(page.client, page.role, "get", path + separator + _query(params), json.dumps(params)[:150])
    if not extras:
        return
    for value in core:
        f.send(page.client, page.role, "get", path + separator + _query(dict.fromkeys(page.get_names, value)),
               f"{value[:20]} in every parameter")
    control = {n: f.rng.choice(CONTROL) for n in page.get_names}
    f.send(page.client, page.role, "get", path + separator + _query(control), "control bytes in the query")
    raw = "&".join(f"{n}={f.rng.choice(RAW_QUERY)}" for n in page.get_names)
    f.send(page.client, page.role, "get", path + separator + raw, raw)
    repeated = "&".join(f"{n}=1&{n}={quote(f.deep(), safe='')}" for n in page.get_names)
    f.send(page.client, page.role, "get", path + separator + repeated, "repeated parameters, htmx",
           HTTP_HX_REQUEST="true")


def _post(f: Fuzzer, page: Page, path: str, *, extras: bool) -> None:
    """Every form field of the app hostile at once; with `extras` also bodies Django cannot parse as a form."""
    every = {n: f.deep() for n in sorted(FORM_FIELDS | set(COMMON_POST))}
    every.update({n: f.file() for n in sorted(FILE_FIELDS)})
    f.send(page.client, page.role, "post", path, "every form field hostile", data=every, **f.signed(path, every))
    if extras:
        f.send(page.client, page.role, "post", path, "broken urlencoded body", data="a=%ZZ&%FF=1&b",
               content_type="application/x-www-form-urlencoded")
        f.send(page.client, page.role, "post", path, "a JSON body",
               data=json.dumps({n: [1, {"x": None}] for n in every if isinstance(every[n], str)}),
               content_type="application/json")


def _mutate(f: Fuzzer, page: Page, path: str, names: list[str], valid: dict[str, Any], files: set[str]) -> None:
    """One hostile field at a time on top of values that pass, so the hostile value reaches the service."""
    for n in names:
        body = dict(valid)
        for file_name in files - {n}:
            body[file_name] = SimpleUploadedFile(*f.rng.choice(FILES[1:4]))
        hostile = f.deep(valid.get(n))
        body[n] = f.file() if n in files else (hostile if f.rng.random() < 0.8 else [hostile, f.deep()])
        f.send(page.client, page.role, "post", path, f"hostile {n}", data=body, **f.signed(path, body))


def _paths(f: Fuzzer, page: Page, name: str, kwargs: dict[str, Any], converters: dict[str, Any],
           method: str) -> None:
    """Path arguments past the integer range, or holding NUL, invalid UTF-8 or 10,000 characters."""
    for key, converter in converters.items():
        numeric = isinstance(converter, IntConverter)
        placeholder = 4242424242 if numeric else "fuzzmarker"
        marked = reverse(name, kwargs={**kwargs, key: placeholder})
        for value in [str(2**63), "9" * 30] if numeric else ["%00", "%FF", "x" * 10_000]:
            f.send(page.client, page.role, method, marked.replace(str(placeholder), value, 1), f"{key}={value[:20]}")


# Django's admin and allauth treat every signed-in role but the admin alike: one of them stands for the rest.
# Their code is Django's and allauth's, tested there: they get the kinds of value most likely to fail in ours.
FOREIGN_ROLES = ("anon", "admin", "member")
FOREIGN_CORE = ["99999999999999999999", "9" * 5000, "x" * 10_000]


def _fuzz_url(f: Fuzzer, name: str) -> None:
    row = ROWS.get(name)
    converters = _converters(name)
    kwargs = row.kwargs(f.world) if row is not None else _foreign_kwargs(name, converters)
    assert kwargs is not None, f"{name}: no arguments build its URL"
    path = reverse(name, kwargs=kwargs) + (f"?{row.query}" if row is not None and row.query else "")
    post_only = row is not None and row.method == "post"
    pages = [_look(f, row, role, path, post_only) for role in (ROLES if row is not None else FOREIGN_ROLES)]
    inside = [page for page in pages if page.reach]
    # Roles turned away still get one hostile request: nothing may fail before the access check either.
    for page in pages:
        if not page.reach and page.role in ("anon", "member"):
            (_post if post_only else _get)(f, page, path, extras=False)
    if not inside:
        return
    posts = [form for page in inside for form in page.posts]
    valid: dict[str, Any] = {}
    for form in posts:
        valid.update(form.values)
    valid.update(row.data(f.world) if row is not None else {})
    files = {n for form in posts for n in form.files}
    names = sorted({n for form in posts for n in form.names} | set(valid) | (set(COMMON_POST) if post_only else set()))
    if row is None:
        names = names[:3]
    share = -(-len(names) // len(inside))
    for index, page in enumerate(inside):
        if not post_only and index < 2:
            _get(f, page, path, extras=index == 0, core=CORE if row is not None else FOREIGN_CORE)
        if post_only or page.posts:
            if index < 2:
                _post(f, page, path, extras=index == 0 and row is not None)
            _mutate(f, page, path, names[index * share:(index + 1) * share], valid, files)
        if index == 0 and row is not None:
            _paths(f, page, name, kwargs, converters, "post" if post_only else "get")


@pytest.mark.django_db
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_bad_input_never_makes_a_server_error(group: str, accounts: dict[str, Any], settings: Any,
                                             monkeypatch: Any) -> None:
    # The test client copies every template's context for `response.context`; nothing here reads it.
    monkeypatch.setattr(Template, "_render", lambda template, context: template.nodelist.render(context))
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.SITE_URL = SITE_URL
    world = build_world(accounts)
    failures, sent = [], 0
    for name in GROUPS[group]:
        fuzzer = Fuzzer(world=world, accounts=accounts, rng=random.Random(f"{SEED}:{name}"))
        # Each URL starts from the same world: what its requests changed is rolled back, rate limits forgotten.
        with transaction.atomic():
            _fuzz_url(fuzzer, name)
            transaction.set_rollback(True)
        cache.clear()
        sent += fuzzer.sent
        failures += [f"{name}: {error}" for error in fuzzer.errors]
    assert sent > 0
    assert not failures, f"{len(failures)} of {sent} requests made a server error:\n" + "\n".join(failures[:25])


def test_the_fuzz_reaches_every_url_pattern_and_form_field() -> None:
    names = set(_targets())
    assert names == {name for group in GROUPS.values() for name in group}
    assert {"members:person_export", "events:manifest_csv", "public:event", "account_login", "admin:index"} <= names
    unbuildable = [n for n in names - set(ROWS) if _foreign_kwargs(n, _converters(n)) is None]
    assert not unbuildable
    assert {"first_name", "phone", "guests", "access_needs", "q", "quiet_since"} <= FORM_FIELDS
    assert {"file", "upload"} <= FILE_FIELDS
