"""Consent: its history (ConsentChange) and the pending asks of public forms (ConsentRequest)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Language
from members.models.people import Channel, Person


class ConsentChange(models.Model):
    """One decision about consent on one channel, with how, when, through which phone and who wrote it down.

    The history behind the Person's current consent fields (the fast read): every consent service writes a row
    and updates those fields together. Only the person decides: a reply from their own phone, their own page,
    what they told an organizer, or a public form that has just created their record. Rows are never edited.
    """

    class Method(models.TextChoices):
        REPLY = "reply", _("A text from their own phone")
        OWN_PAGE = "own_page", _("Their own page in the app")
        ORGANIZER = "organizer", _("Told an organizer")
        PUBLIC_FORM = "public_form", _("A public form that added them")
        EMAIL_LINK = "email_link", _("The unsubscribe link of an email")
        EARLIER = "earlier", _("Recorded before this history was kept")
        IMPORT = "import", _("A file exported from another tool")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consent_changes"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    given = models.BooleanField(_("given"))
    method = models.CharField(_("how it came"), max_length=20, choices=Method.choices)
    how = models.CharField(_("in their words or the organizer's"), max_length=200, blank=True)
    # Digits only (no +1), like PersonPhone.digits: the number the texts are consented for, or the reply came from.
    phone_digits = models.CharField(_("through the phone"), max_length=20, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Empty when the person acted alone (a text, a public form); the account that wrote it down otherwise.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The provider's id of the text that carried a reply.
    reference = models.CharField(_("provider's message id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")
        indexes = [models.Index(fields=["person", "channel", "at"], name="consent_change_person_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=["sms", "email", "phone"]), name="consent_change_channel"),
            # A reply came from a phone: which one is the whole point of recording it.
            models.CheckConstraint(condition=~Q(method="reply") | ~Q(phone_digits=""),
                                   name="consent_change_reply_has_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel} {'+' if self.given else '-'} ({self.method})"


class ConsentRequest(models.Model):
    """A public form asked that an existing person be texted. Their consent is unchanged until they reply YES
    from that phone (then it is given, by reply); it lapses at `expires_at` and ends with any withdrawal.
    One pending request per person and channel, so a form submitted ten times sends one confirmation text.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for their reply")
        CONFIRMED = "confirmed", _("Confirmed by their reply")
        WITHDRAWN = "withdrawn", _("They said no")
        EXPIRED = "expired", _("No reply in time")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consent_requests"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.SMS)
    phone_digits = models.CharField(_("phone"), max_length=20)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    how = models.CharField(_("where it was asked"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Its confirmation text goes with it (the outbox keeps no foreign key to it).
    outbox_messages = GenericRelation("messaging.Message", content_type_field="subject_type",
                                      object_id_field="subject_id", related_query_name="consent_request")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        constraints = [
            models.UniqueConstraint(fields=["person", "channel"], condition=Q(status="pending"),
                                    name="consent_request_one_pending"),
        ]
        indexes = [models.Index(fields=["phone_digits", "status"], name="consent_request_phone_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel} ({self.status})"
