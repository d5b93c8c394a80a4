"""API tokens partners' tools use, the webhooks the coalition sends them, and each delivery of a webhook."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.models import Organization, Region


class ApiToken(models.Model):
    """A secret an outside tool sends in the OSDI-API-Token header. Only its SHA-256 is kept; it acts through its
    own service account, whose role, region or organization is the token's scope, so the access policy applies
    to it exactly as to a person in that role."""

    class Scope(models.TextChoices):
        COALITION = "coalition", _("The whole coalition")
        REGION = "region", _("One region")
        PARTNER = "partner", _("One partner organization's tables")

    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("partner organization"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token",
                                editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so an admin can tell tokens apart without the secret.
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    # The form's key: a double submit makes one token.
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(condition=~Q(scope="region") | Q(region__isnull=False),
                                   name="api_token_region_scope_has_region"),
            models.CheckConstraint(condition=~Q(scope="partner") | Q(organization__isnull=False),
                                   name="api_token_partner_scope_has_organization"),
        ]

    def __str__(self) -> str:
        return self.name


class WebhookEvent(models.TextChoices):
    PERSON_CREATED = "person.created", _("A person is added")
    PERSON_UPDATED = "person.updated", _("A person's record changes")
    RSVP_CREATED = "rsvp.created", _("An RSVP is made")
    RSVP_CHANGED = "rsvp.changed", _("An RSVP changes")
    CHECK_IN = "rsvp.checked_in", _("Someone is checked in")
    UNSUBSCRIBE = "person.unsubscribed", _("Someone withdraws consent")


class Webhook(models.Model):
    """A URL of a partner's tool that hears about the events an admin picked, signed with the hook's secret."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One body to send to one hook. Sent in order per person per hook: a later one waits while an earlier one
    is pending."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    hook = models.ForeignKey(Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=30, choices=WebhookEvent.choices)
    person_id = models.BigIntegerField(_("person id"), db_index=True)
    body = models.JSONField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["hook", "person_id", "status", "id"], name="delivery_hook_person_idx")]

    def __str__(self) -> str:
        return f"{self.hook} {self.event} #{self.pk}"
