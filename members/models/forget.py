"""A person's request to be forgotten: recorded by staff, carried out by an admin after a confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models.people import Person


class ForgetRequest(models.Model):
    """Who asked that a person be forgotten, when and how; then who carried it out, and when.

    The row outlives the forgetting: it names the person only by the placeholder record that remains (their id),
    never by anything that was erased. One request waits per person at a time.
    """

    class WhoAsked(models.TextChoices):
        THEMSELVES = "themselves", _("The person themselves")
        FOR_THEM = "for_them", _("Someone acting for them (a lawyer, a case manager, family)")

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("A phone call")
        TEXT = "text", _("A text message")
        EMAIL = "email", _("An email")
        LETTER = "letter", _("A letter")
        OWN_PAGE = "own_page", _("Their own page in the app")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an admin")
        DONE = "done", _("Carried out")

    # A merge moves the request to the record kept (a second waiting one goes with the record merged away).
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="forget_requests")
    who_asked = models.CharField(_("who asked"), max_length=12, choices=WhoAsked.choices,
                                 default=WhoAsked.THEMSELVES)
    how = models.CharField(_("how they asked"), max_length=12, choices=How.choices)
    asked_on = models.DateField(_("asked on"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    carried_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("carried out by"),
                                       on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("request to be forgotten")
        verbose_name_plural = _("requests to be forgotten")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="pending"),
                                    name="forget_request_one_pending"),
            models.CheckConstraint(condition=Q(status__in=["pending", "done"]), name="forget_request_status_known"),
        ]

    def __str__(self) -> str:
        return f"#{self.person_id} ({self.status})"
