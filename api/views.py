"""The OSDI API at /api/v2/: parse, call a selector or service, answer HAL+JSON. Every view acts as the token's
own account, so the access policy decides what is there; what is out of reach answers 404."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import osdi, requests, selectors, services
from api.auth import TokenAuthentication, TokenRateThrottle
from coalition.models import User
from members.services import person_signup

MAX_PAGE = 100_000
MAX_PER_PAGE = 100


class HalJsonRenderer(JSONRenderer):
    media_type = "application/hal+json"


class HalJsonParser(JSONParser):
    media_type = "application/hal+json"


ERRORS = {code: OpenApiResponse(OpenApiTypes.OBJECT, description=text) for code, text in (
    (400, "Malformed JSON, unknown fields or wrong types"), (401, "No token or an unknown one"),
    (404, "Nothing there, or outside the token's scope"), (429, "Too many requests"),
)}
PAGING = [
    OpenApiParameter("page", int, description="Page number, from 1"),
    OpenApiParameter("per_page", int, description=f"Records per page, 1 to {MAX_PER_PAGE} (25 when not given)"),
]
OK = OpenApiResponse(OpenApiTypes.OBJECT, description="HAL+JSON")


def _responses(*codes: int) -> dict[int, OpenApiResponse]:
    return {**{code: OK for code in codes}, **ERRORS}


class OsdiView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]
    renderer_classes = [HalJsonRenderer, JSONRenderer]
    parser_classes = [JSONParser, HalJsonParser]

    @property
    def actor(self) -> User:
        """The token's own account (authentication has run: anonymous requests never reach a handler)."""
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated let only a token's account through
        return user

    def link(self, path: str) -> str:
        return self.request.build_absolute_uri(f"/api/v2/{path}")


def _number(request: Request, name: str, default: int, largest: int) -> int:
    from django.core.exceptions import ValidationError

    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7 or not 1 <= int(raw) <= largest:
        raise ValidationError(_("%(name)s must be a whole number from 1 to %(largest)d.")
                              % {"name": name, "largest": largest})
    return int(raw)


def _page(view: OsdiView, qs: QuerySet[Any], key: str, shape: Callable[[Any, osdi.Link], dict[str, Any]],
          path: str) -> Response:
    request = view.request
    page = _number(request, "page", 1, MAX_PAGE)
    per_page = _number(request, "per_page", 25, MAX_PER_PAGE)
    total = qs.count()
    pages = max(1, math.ceil(total / per_page))
    items = list(qs[(page - 1) * per_page: page * per_page]) if page <= pages else []
    params = request.query_params.copy()
    params["per_page"] = str(per_page)

    def at(number: int) -> dict[str, str]:
        params["page"] = str(number)
        return {"href": f"{view.link(path)}?{params.urlencode()}"}

    links: dict[str, Any] = {"self": at(page)}
    if page < pages:
        links["next"] = at(page + 1)
    if 1 < page <= pages + 1:
        links["previous"] = at(page - 1)
    return Response({"total_pages": pages, "per_page": per_page, "page": page, "total_records": total,
                     "_links": links, "_embedded": {key: [shape(item, view.link) for item in items]}})


class PeopleView(OsdiView):
    @extend_schema(parameters=[*PAGING, OpenApiParameter(
        "filter", str, description="OData, e.g. modified_date gt '2026-01-01' (gt, lt, joined by and)")],
        responses=_responses(200), operation_id="people_list")
    def get(self, request: Request) -> Response:
        bounds = osdi.read_filter(request.query_params["filter"]) if request.query_params.get("filter") else {}
        people = selectors.api_person_list(actor=request.user, modified_after=bounds.get("gt"),
                                           modified_before=bounds.get("lt"))
        return _page(self, people, "osdi:people", osdi.person, "people/")

    @extend_schema(request=OpenApiTypes.OBJECT, responses=_responses(200, 201), operation_id="person_signup")
    def post(self, request: Request) -> Response:
        """The person signup helper: find the person by an outside id, phone or email (the import's rules) and
        fill them in, or add them."""
        from coalition import access

        if not access.may_work_with_people(request.user):
            raise access.OutOfReach("people")
        values = requests.signup_values(request.data)
        outcome, person = person_signup(actor=self.actor, values=values)
        item = selectors.api_person_get(actor=request.user, pk=person.pk)
        return Response(osdi.person(item, self.link), status=201 if outcome == "created" else 200)


class PersonView(OsdiView):
    @extend_schema(responses=_responses(200), operation_id="person_detail")
    def get(self, request: Request, pk: int) -> Response:
        return Response(osdi.person(selectors.api_person_get(actor=request.user, pk=pk), self.link))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=_responses(200), operation_id="person_update")
    def put(self, request: Request, pk: int) -> Response:
        person = selectors.api_person_get(actor=request.user, pk=pk)
        changes, numbers = requests.person_changes(request.data)
        services.person_put(actor=self.actor, person=person, changes=changes, numbers=numbers)
        return Response(osdi.person(selectors.api_person_get(actor=request.user, pk=pk), self.link))


class PersonTaggingsView(OsdiView):
    @extend_schema(parameters=PAGING, responses=_responses(200), operation_id="person_taggings")
    def get(self, request: Request, pk: int) -> Response:
        person = selectors.api_person_get(actor=request.user, pk=pk)
        return _page(self, selectors.api_tagging_list(actor=request.user, person=person), "osdi:taggings",
                     osdi.tagging, f"people/{person.pk}/taggings/")


class TagsView(OsdiView):
    @extend_schema(parameters=PAGING, responses=_responses(200), operation_id="tags_list")
    def get(self, request: Request) -> Response:
        return _page(self, selectors.api_tag_list(actor=request.user), "osdi:tags", osdi.tag, "tags/")


class TagView(OsdiView):
    @extend_schema(responses=_responses(200), operation_id="tag_detail")
    def get(self, request: Request, pk: int) -> Response:
        return Response(osdi.tag(selectors.api_tag_get(actor=request.user, pk=pk), self.link))


class TagTaggingsView(OsdiView):
    @extend_schema(parameters=PAGING, responses=_responses(200), operation_id="tag_taggings")
    def get(self, request: Request, pk: int) -> Response:
        tag = selectors.api_tag_get(actor=request.user, pk=pk)
        return _page(self, selectors.api_tagging_list(actor=request.user, tag=tag), "osdi:taggings", osdi.tagging,
                     f"tags/{tag.pk}/taggings/")

    @extend_schema(request=OpenApiTypes.OBJECT, responses=_responses(200, 201),
                   operation_id="tagging_create")
    def post(self, request: Request, pk: int) -> Response:
        """Tag a person: {"_links": {"osdi:person": {"href": ".../people/12/"}}}."""
        tag = selectors.api_tag_get(actor=request.user, pk=pk)
        person = selectors.api_person_get(actor=request.user, pk=requests.linked_id(request.data, "osdi:person"))
        created = services.person_tag_add(actor=self.actor, person=person, tag=tag)
        row = selectors.api_tagging_list(actor=request.user, tag=tag, person=person).get()
        return Response(osdi.tagging(row, self.link), status=201 if created else 200)


class EventsView(OsdiView):
    @extend_schema(parameters=PAGING, responses=_responses(200), operation_id="events_list")
    def get(self, request: Request) -> Response:
        return _page(self, selectors.api_event_list(actor=request.user), "osdi:events", osdi.event, "events/")


class EventView(OsdiView):
    @extend_schema(responses=_responses(200), operation_id="event_detail")
    def get(self, request: Request, pk: int) -> Response:
        return Response(osdi.event(selectors.api_event_get(actor=request.user, pk=pk), self.link))


class AttendancesView(OsdiView):
    @extend_schema(parameters=PAGING, responses=_responses(200), operation_id="attendances_list")
    def get(self, request: Request, pk: int) -> Response:
        event = selectors.api_event_get(actor=request.user, pk=pk)
        return _page(self, selectors.api_attendance_list(actor=request.user, event=event), "osdi:attendances",
                     osdi.attendance, f"events/{event.pk}/attendances/")

    @extend_schema(request=OpenApiTypes.OBJECT, responses=_responses(200, 201),
                   operation_id="attendance_create")
    def post(self, request: Request, pk: int) -> Response:
        """RSVP a person: {"status": "accepted", "_links": {"osdi:person": {"href": ".../people/12/"}}}."""
        from django.core.exceptions import ValidationError

        event = selectors.api_event_get(actor=request.user, pk=pk)
        person = selectors.api_person_get(actor=request.user, pk=requests.linked_id(request.data, "osdi:person"))
        raw = request.data.get("status", "accepted")
        if not isinstance(raw, str) or raw not in osdi.STATUS_FROM_OSDI:
            raise ValidationError(_("status must be accepted, tentative or declined."))
        rsvp, created = services.attendance_create(actor=self.actor, event=event, person=person,
                                                   status=osdi.STATUS_FROM_OSDI[raw])
        return Response(osdi.attendance(rsvp, self.link), status=201 if created else 200)
