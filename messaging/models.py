"""The outbox: one row per thing to send. The row is the truth: a message is sent once or not at all.

Three kinds of subject share the one machinery: event messages (confirmation, reminder, change, cancellation,
promotion) are about an event and an RSVP; a mentor check-in reminder is about a mentorship; a consent
confirmation (one text asking "reply YES") is about a pending consent request.

`dedupe_key` is unique, so the same reminder can never be created twice; a worker claims a row with a
conditional UPDATE (pending -> sending), and the provider's acceptance is recorded in one UPDATE.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("Email")

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CONFIRMATION = "confirmation", _("Confirmation")
        CHANGE = "change", _("Change notice")
        CANCELLATION = "cancellation", _("Cancellation notice")
        PROMOTION = "promotion", _("Off the waitlist")
        MENTOR_CHECKIN = "mentor_checkin", _("Mentor check-in reminder")
        CONSENT_CONFIRMATION = "consent_confirm", _("Asks to confirm texts")

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
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="messages",
    )
    rsvp = models.ForeignKey(
        "events.RSVP", verbose_name=_("RSVP"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="messages",
    )
    # A mentor check-in reminder is about one mentorship. CASCADE, not SET_NULL: a reminder about a mentorship
    # that no longer exists has nothing left to say (its text is composed at sending, never stored), and
    # SET_NULL would break the rule that a mentor reminder names its mentorship. Mentorships end, they are
    # not deleted, so the history of reminders normally stays.
    mentorship = models.ForeignKey(
        "leadership.Mentorship", verbose_name=_("mentorship"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="messages",
    )
    # A consent confirmation asks one person, at one phone, to confirm one request; it goes with the request.
    consent_request = models.ForeignKey(
        "members.ConsentRequest", verbose_name=_("consent request"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="messages",
    )
    # The event start this message was planned for: a reminder for an old time is skipped, not sent.
    event_starts_at = models.DateTimeField(null=True, blank=True)
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

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # A mentor reminder names its mentorship and no event. An event message never names a mentorship,
            # and is created with its event (the services do); the event itself may be deleted later
            # (SET_NULL keeps the history, and a pending row is skipped at sending: "The event was deleted."),
            # so the database cannot demand a non-null event on every event message without forbidding that.
            # A consent confirmation names its request and nothing else; no other kind names a request.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="mentor_checkin", mentorship__isnull=False, event__isnull=True, rsvp__isnull=True,
                             consent_request__isnull=True)
                    | models.Q(kind="consent_confirm", consent_request__isnull=False, mentorship__isnull=True,
                               event__isnull=True, rsvp__isnull=True)
                    | (~models.Q(kind__in=["mentor_checkin", "consent_confirm"])
                       & models.Q(mentorship__isnull=True, consent_request__isnull=True))
                ),
                name="message_kind_matches_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="message_status_due_idx"),
            models.Index(fields=["event", "due_at"], name="message_event_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.person_id} ({self.get_status_display()})"


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
