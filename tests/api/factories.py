"""Tokens and webhooks made through the real services, and a small OSDI client that follows only HAL links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from api import services
from api.models import ApiToken, Webhook
from coalition.models import Organization, Region, User


def token(admin: User, scope: str = ApiToken.Scope.COALITION, *, region: Region | None = None,
          organization: Organization | None = None, name: str = "Partner tool") -> tuple[ApiToken, str]:
    """A token made as an admin makes one; returns it and its secret."""
    return services.token_create(actor=admin, name=name, scope=scope, region=region, organization=organization)


def webhook(admin: User, url: str, events: list[str] | None = None) -> Webhook:
    from api.models import WebhookEvent

    return services.webhook_create(actor=admin, name="Receiver", url=url, events=events or list(WebhookEvent.values))


class OsdiClient:
    """Written the way an Action Network client is: start at a URL, then follow `_links` only. `session` is
    anything with requests' get/post/put (requests.Session against a live server, or DjangoSession below)."""

    def __init__(self, session: Any, secret: str, root: str) -> None:
        self.session, self.root = session, root.rstrip("/") + "/"
        self.headers = {"OSDI-API-Token": secret, "Content-Type": "application/json"}

    def get(self, href: str) -> Any:
        return self.session.get(href, headers=self.headers)

    def post(self, href: str, body: dict[str, Any]) -> Any:
        return self.session.post(href, json=body, headers=self.headers)

    def all_people(self) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []
        href: str | None = f"{self.root}people/?per_page=2"
        while href:
            page = self.get(href).json()
            people.extend(page["_embedded"]["osdi:people"])
            href = page["_links"].get("next", {}).get("href")
        return people


class DjangoResponse:
    def __init__(self, response: Any) -> None:
        self.status_code = response.status_code
        self._response = response

    def json(self) -> Any:
        return self._response.json()


class DjangoSession:
    """requests' get/post/put over Django's test client (absolute hrefs become paths)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    @staticmethod
    def _path(href: str) -> str:
        parts = urlsplit(href)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items() if k != "Content-Type"}

    def get(self, href: str, headers: dict[str, str]) -> DjangoResponse:
        return DjangoResponse(self.client.get(self._path(href), **self._headers(headers)))

    def post(self, href: str, json: Any, headers: dict[str, str]) -> DjangoResponse:
        return DjangoResponse(self.client.post(self._path(href), json, content_type="application/json",
                                               **self._headers(headers)))

    def put(self, href: str, json: Any, headers: dict[str, str]) -> DjangoResponse:
        return DjangoResponse(self.client.put(self._path(href), json, content_type="application/json",
                                              **self._headers(headers)))
