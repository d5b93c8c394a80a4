"""Every read of broadcasts. Staff and admins see every broadcast; an organizer sees their own; anyone else none
(a broadcast outside the actor's reach answers 404). Who a broadcast reaches is always read as its author's
reach: the audience is cut by the policy for the person who wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from coalition import access
from messaging import broadcast_kind as bk
from messaging import reach
from messaging.models import Broadcast, Message
from messaging.services import quiet_until

if TYPE_CHECKING:
    from coalition.access import Actor

CHICAGO = ZoneInfo("America/Chicago")


def may_broadcast(actor: Actor | None) -> bool:
    """Staff, admins and organizers write broadcasts (an organizer's reach only their turf)."""
    return access.is_staff_or_admin(actor) or access.is_organizer(actor)


def may_approve(actor: Actor | None, broadcast: Broadcast) -> bool:
    """A second person approves: staff or an admin who is not the author."""
    return access.is_staff_or_admin(actor) and actor.pk != broadcast.owner_id


def broadcast_scope(actor: Actor | None) -> QuerySet[Broadcast]:
    """The broadcasts this actor may see."""
    if access.is_staff_or_admin(actor):
        return Broadcast.objects.all()
    if access.is_organizer(actor):
        return Broadcast.objects.filter(owner_id=actor.pk)
    return Broadcast.objects.none()


def broadcast_list(*, actor: Actor, status: str = "") -> QuerySet[Broadcast]:
    """The broadcasts the actor may see, newest first, with their authors (constant queries)."""
    if not may_broadcast(actor):
        raise access.OutOfReach("broadcasts")
    qs = broadcast_scope(actor).select_related("owner", "approved_by").order_by("-created_at", "-id")
    return qs.filter(status=status) if status else qs


def broadcast_get(*, actor: Actor, pk: int | str) -> Broadcast:
    """One broadcast in the actor's reach; OutOfReach (404) otherwise."""
    return access.get_in_scope(broadcast_scope(actor).select_related("owner", "approved_by"), pk=pk)


def audience_ids(*, owner: Any, audience: str) -> QuerySet[Any]:
    """The ids of the people an audience holds for its author (a one-column queryset); OutOfReach when the author
    may not use it (any more)."""
    return reach.audiences().people(owner, audience)


def _person_model() -> Any:
    return Message._meta.get_field("person").related_model


def _has_phone() -> Exists:
    phone_model: Any = _person_model()._meta.get_field("phones").related_model
    return Exists(phone_model._default_manager.filter(person_id=OuterRef("pk"), stopped_working_on__isnull=True))


def _outcome(mode: str) -> Case:
    """`broadcast_kind.reach_decision` as one SQL expression: "sms", "email" or the English reason."""
    sms_ok = Q(sms_consent=True, has_phone=True)
    email_ok = Q(email_consent=True, no_online_identity=False) & ~Q(email="")
    sms_withdrawn = Q(sms_consent=False, sms_consent_at__isnull=False)
    email_withdrawn = Q(email_consent=False, email_consent_at__isnull=False)
    if mode == Broadcast.Mode.SMS:
        whens = [When(sms_ok, then=Value("sms")), When(sms_withdrawn, then=Value(bk.SMS_STOPPED)),
                 When(sms_consent=False, then=Value(bk.SMS_NO_CONSENT))]
        default = bk.NO_PHONE
    elif mode == Broadcast.Mode.EMAIL:
        whens = [When(email_ok, then=Value("email")), When(no_online_identity=True, then=Value(bk.NO_ONLINE_IDENTITY)),
                 When(email_withdrawn, then=Value(bk.EMAIL_WITHDRAWN)),
                 When(email_consent=False, then=Value(bk.EMAIL_NO_CONSENT))]
        default = bk.NO_EMAIL
    else:
        whens = [When(Q(preferred_channel=Message.Channel.EMAIL) & email_ok, then=Value("email")),
                 When(sms_ok, then=Value("sms")), When(email_ok, then=Value("email")),
                 When(sms_withdrawn | email_withdrawn, then=Value(bk.ANY_WITHDRAWN)),
                 When(sms_consent=False, email_consent=False, then=Value(bk.NO_CONSENT))]
        default = bk.UNREACHABLE
    return Case(*whens, default=Value(default))


def send_day(broadcast: Broadcast, now: datetime) -> datetime:
    """When it goes out: its scheduled time, or now."""
    return broadcast.scheduled_for if broadcast.scheduled_for and broadcast.scheduled_for > now else now


@dataclass
class Reach:
    """Who a broadcast reaches, counted before it is sent."""

    total: int = 0
    sms: int = 0
    email: int = 0
    left_out: list[tuple[str, int]] = field(default_factory=list)  # (reason in the reader's language, how many)
    spanish: int = 0  # people whose language is Spanish
    spanish_missing: bool = False
    reporting_day: int = 0  # people who report in person that day: they get it a day later
    quiet_hours: bool = False  # texts would wait for 08:00
    needs_approval: bool = False
    out_of_reach: bool = False

    @property
    def getting(self) -> int:
        return self.sms + self.email


def broadcast_reach(*, broadcast: Broadcast, now: datetime | None = None) -> Reach:
    """The counts before sending: how many get it by text and by email, how many do not and why, how many speak
    Spanish, report in person that day, or would wait out the quiet hours; three queries, whatever the size."""
    now = now or timezone.now()
    result = Reach()
    try:
        ids = audience_ids(owner=broadcast.owner, audience=broadcast.audience)
    except access.OutOfReach:
        result.out_of_reach = True
        return result
    rows = (_person_model()._default_manager.filter(pk__in=ids).annotate(has_phone=_has_phone())
            .annotate(outcome=_outcome(broadcast.mode)).values("outcome", "preferred_language")
            .annotate(n=Count("pk")).order_by())
    reasons: dict[str, int] = {}
    for row in rows:
        result.total += row["n"]
        if row["preferred_language"] == "es":
            result.spanish += row["n"]
        if row["outcome"] == "sms":
            result.sms += row["n"]
        elif row["outcome"] == "email":
            result.email += row["n"]
        else:
            reasons[row["outcome"]] = reasons.get(row["outcome"], 0) + row["n"]
    result.left_out = sorted(((gettext(reason), n) for reason, n in reasons.items()), key=lambda r: -r[1])
    has_es = (not broadcast.uses_sms or broadcast.sms_es.strip()) and (
        not broadcast.uses_email or broadcast.email_body_es.strip())
    result.spanish_missing = bool(result.spanish and not has_es)
    when = send_day(broadcast, now)
    if result.total:
        result.reporting_day = len(reach.audiences().reporting_on(ids, when.astimezone(CHICAGO).weekday()))
    result.quiet_hours = bool(result.sms) and quiet_until(when, None) is not None
    result.needs_approval = result.total > settings.BROADCAST_APPROVAL_OVER
    return result


def broadcast_samples(*, broadcast: Broadcast) -> dict[str, Any]:
    """A sample person of the audience for each language ("en", "es"), for the preview; the first by name, or
    None. Two queries."""
    try:
        ids = audience_ids(owner=broadcast.owner, audience=broadcast.audience)
    except access.OutOfReach:
        return {"en": None, "es": None}
    people = _person_model()._default_manager.filter(pk__in=ids).order_by("last_name", "first_name", "id")
    return {"en": people.exclude(preferred_language="es").first(), "es": people.filter(preferred_language="es").first()}


@dataclass
class Progress:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    pending: int = 0
    sending: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.sent + self.skipped + self.failed + self.pending + self.sending

    @property
    def waiting(self) -> int:
        return self.pending + self.sending


def broadcast_messages(broadcast: Broadcast) -> QuerySet[Message]:
    return Message.objects.filter(subject_type=ContentType.objects.get_for_model(Broadcast), subject_id=broadcast.pk,
                                  kind=bk.BROADCAST)


def broadcast_progress(*, broadcast: Broadcast) -> Progress:
    """How far a broadcast is: its messages by state, and why those skipped were (two queries)."""
    progress = Progress()
    rows = broadcast_messages(broadcast).values("status").annotate(n=Count("id")).order_by()
    for row in rows:
        setattr(progress, row["status"], row["n"])
    if progress.skipped:
        reasons = (broadcast_messages(broadcast).filter(status=Message.Status.SKIPPED).values("skip_reason")
                   .annotate(n=Count("id")).order_by("-n"))
        progress.reasons = [(gettext(r["skip_reason"]), r["n"]) for r in reasons]
    return progress


def paused_shift() -> timedelta:
    """How far a pause pushes pending messages out (and a resume brings them back)."""
    return timedelta(days=36500)


@dataclass
class Preview:
    """What a broadcast will look like: each language's text for a sample person, the SMS segments, the counts."""

    samples: list[dict[str, Any]] = field(default_factory=list)
    segments: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    reach: Reach | None = None


def broadcast_preview(*, broadcast: Broadcast, now: datetime | None = None) -> Preview:
    """The preview of a broadcast, saved or being written (an unsaved one: its author is the actor): the SMS
    segments of each version, the problems in plain words, the counts, and each language's message for a sample
    person of the audience (their merge fields filled)."""
    from messaging import broadcast_services, broadcast_text

    preview = Preview()
    texts = {k: getattr(broadcast, k) for k in ("sms_en", "sms_es", "email_subject_en", "email_subject_es",
                                                  "email_body_en", "email_body_es")}
    preview.problems = broadcast_services.broadcast_problems(audience=broadcast.audience, mode=broadcast.mode,
                                                             texts=texts)
    if not broadcast.audience:
        return preview
    samples = broadcast_samples(broadcast=broadcast)
    for language, person in samples.items():
        sms_language, sms, email_language, subject, body = bk.versions(broadcast, language)
        if person is None:
            preview.samples.append({"language": language, "person": None})
            continue
        values = bk.merge_values(broadcast, person, [sms, subject, body])
        merged = broadcast_text.merge(sms, values)
        preview.samples.append({
            "language": language, "person": person, "sms_language": sms_language, "email_language": email_language,
            "sms": merged, "subject": broadcast_text.merge(subject, values), "body": broadcast_text.merge(body, values),
            "segments": broadcast_text.sms_segments(merged)})
    for name in ("sms_en", "sms_es"):
        preview.segments[name] = broadcast_text.sms_segments(texts[name])
    preview.reach = broadcast_reach(broadcast=broadcast, now=now)
    return preview
