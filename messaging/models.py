"""The outbox: one row per thing to send. The row is the truth: a message is sent once or not at all.

The outbox knows no domain. A row names its recipient (`person`), its kind (a key of the registry in
`messaging/kinds.py`, where the app that sends it says how to decide and compose it) and what it is about,
generically: `subject` (a content type and an id: an RSVP, a mentorship, a consent request), `topic` (a key that
groups messages for lists, such as "events.event:42" for one event's outbox) and `planned_for` (the time of the
subject the message was planned for, with `offset_minutes` before it: a reminder for an old time is skipped).

`dedupe_key` is unique, so the same reminder can never be created twice; a worker claims a row with a
conditional UPDATE (pending -> sending), and the provider's acceptance is recorded in one UPDATE.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from messaging import kinds


def topic_for(obj: models.Model) -> str:
    """The topic naming one object: its model label and id ("events.event:42")."""
    return f"{obj._meta.label_lower}:{obj.pk}"


class DeliveryStatus(models.TextChoices):
    """The provider's word on a text after it accepted it, in the order it can only move forward."""

    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent to the carrier")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, blank=True)
    # A key of the registry; no choices here, so an app adds a kind without a migration of the outbox.
    kind = models.CharField(_("kind"), max_length=32)
    # No foreign key: the subject may be deleted and the row stays (its kind decides what that means at sending:
    # "The event was deleted."). Subjects whose messages go with them say so with a GenericRelation.
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    offset_minutes = models.PositiveIntegerField(null=True, blank=True)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(_("why it was skipped"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=200, blank=True)
    to = models.CharField(_("sent to"), max_length=254, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What the provider said later about a text it accepted (its status callbacks): only ever moves forward.
    delivery_status = models.CharField(_("delivery"), max_length=12, choices=DeliveryStatus.choices, blank=True)
    delivery_error_code = models.CharField(_("provider's error code"), max_length=12, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Half a subject names nothing: both parts or neither (an old row whose subject was never known).
            models.CheckConstraint(
                condition=models.Q(subject_type__isnull=True, subject_id__isnull=True)
                | models.Q(subject_type__isnull=False, subject_id__isnull=False),
                name="message_subject_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="message_status_due_idx"),
            models.Index(fields=["topic", "due_at"], name="message_topic_due_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="message_subject_idx"),
            models.Index(fields=["provider_id"], name="message_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} → {self.person_id} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def note(self) -> str:
        """Why it was skipped, or its last error, in the reader's language. The outbox stores the English
        sentence (marked with gettext_noop where it is written) and it is translated here, at display time; a
        provider's own error text has no translation and shows as it came."""
        text = self.skip_reason or self.last_error
        return gettext(text) if text else ""

    @property
    def about(self) -> str:
        """A short line naming what the message is about, from its kind; "" when it names nothing. Reads the
        subject, so a list prefetches subjects first (the outbox selector does)."""
        kind = kinds.get(self.kind)
        if kind is None or kind.about is None or self.subject_type_id is None:
            return ""
        subject: Any = self.subject
        return kind.about(subject) if subject is not None else ""


class InboundMessage(models.Model):
    """A webhook call from the SMS provider, kept only to refuse a second delivery of the same text.

    `provider_id` (Twilio's MessageSid) is unique: a retried or replayed webhook finds its row and changes
    nothing. `sent_at` is the signed timestamp; once it is older than the accepted window a replay is refused
    anyway, so old rows are pruned. Neither the body nor the number is kept here (the consent history has
    what a reply did and from which phone).
    """

    provider_id = models.CharField(_("provider's message id"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound text")
        verbose_name_plural = _("inbound texts")
        indexes = [models.Index(fields=["sent_at"], name="inbound_sent_at_idx")]

    def __str__(self) -> str:
        return self.provider_id


class Broadcast(models.Model):
    """One SMS or email (or both, each person on the channel they prefer) to an audience, in English and Spanish.

    The audience is a "kind:subject" string the members app resolves (`messaging.reach`), always cut by the
    owner's reach. Sending turns every person of the audience into one outbox message of the kind "broadcast"
    (dedupe key per broadcast and person); whether each goes out is decided by the outbox when it is sent.
    """

    class Mode(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("Email")
        BOTH = "both", _("Each person's preferred channel")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT,
                              related_name="broadcasts")
    name = models.CharField(_("name"), max_length=200, help_text=_("For you and your team; people never see it."))
    audience = models.CharField(_("audience"), max_length=100)
    audience_label = models.CharField(_("audience"), max_length=300, blank=True)
    mode = models.CharField(_("channel"), max_length=8, choices=Mode.choices, default=Mode.SMS)
    sms_en = models.TextField(_("text message in English"), blank=True)
    sms_es = models.TextField(_("text message in Spanish"), blank=True)
    email_subject_en = models.CharField(_("email subject in English"), max_length=200, blank=True)
    email_subject_es = models.CharField(_("email subject in Spanish"), max_length=200, blank=True)
    email_body_en = models.TextField(_("email in English"), blank=True)
    email_body_es = models.TextField(_("email in Spanish"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    scheduled_for = models.DateTimeField(_("send at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("people queued"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # "New broadcast" sends the form's key; a double post finds the first draft.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        indexes = [
            models.Index(fields=["owner", "created_at"], name="broadcast_owner_idx"),
            models.Index(fields=["status", "scheduled_for"], name="broadcast_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def uses_sms(self) -> bool:
        return self.mode in (self.Mode.SMS, self.Mode.BOTH)

    @property
    def uses_email(self) -> bool:
        return self.mode in (self.Mode.EMAIL, self.Mode.BOTH)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.AWAITING_APPROVAL)


class InboundReply(models.Model):
    """A text someone sent us that is not a keyword (STOP, START, HELP) and that no app took as an answer (a YES
    to a question): it waits in the inbox until an organizer answers it or marks it handled.

    `person` is whose number it came from: set when exactly one record owns the number, or later by staff who
    match it (`matched_by` says how). Until then it waits in the staff's queue of unknown numbers.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        HANDLED = "handled", _("Handled without an answer")

    class MatchedBy(models.TextChoices):
        NUMBER = "number", _("Their number")
        STAFF = "staff", _("Matched by staff")
        NEW_CONTACT = "new_contact", _("New contact from the number")

    provider_id = models.CharField(_("provider's message id"), max_length=64, unique=True)
    from_number = models.CharField(_("from"), max_length=32)
    from_digits = models.CharField(max_length=20, db_index=True)
    body = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"))
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="inbound_replies",
    )
    matched_by = models.CharField(_("matched by"), max_length=12, choices=MatchedBy.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("text reply")
        verbose_name_plural = _("text replies")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="reply_status_received_idx"),
            models.Index(fields=["person", "status"], name="reply_person_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_number}: {self.body[:40]}"
