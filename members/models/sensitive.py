"""Sensitive facts and record-clearing referrals: read and changed only through the policy, audited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.fieldcrypto import (
    EncryptedBooleanField,
    EncryptedCharField,
    EncryptedSmallIntegerField,
    EncryptedTextField,
)
from coalition.models import Organization, TimeStampedModel
from members.models.people import Person


class SensitiveFacts(TimeStampedModel):
    """Facts about a person's record and circumstances. Read and changed only through the policy, audited.

    Only what the work needs: no charges, no immigration status (what is not stored cannot leak).
    """

    class LivedExperience(models.TextChoices):
        UNKNOWN = "", _("Not said")
        DIRECTLY = "directly", _("Directly impacted")
        FAMILY = "family", _("Family member of someone impacted")
        ALLY = "ally", _("Ally")

    class Registry(models.TextChoices):
        UNKNOWN = "", _("Not said")
        NONE = "none", _("Not on a registry")
        CURRENT = "current", _("Currently required to register")
        FORMER = "former", _("Formerly required to register")

    class Supervision(models.TextChoices):
        UNKNOWN = "", _("Not said")
        NONE = "none", _("Not under supervision")
        PAROLE = "parole", _("Parole or MSR")
        PROBATION = "probation", _("Probation")
        MONITORING = "monitoring", _("Electronic monitoring")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="sensitive_facts"
    )
    # Every fact below is encrypted in the database (coalition/fieldcrypto.py): a stolen dump reveals none.
    lived_experience = EncryptedCharField(
        _("lived experience with the legal system"), max_length=20, choices=LivedExperience.choices, blank=True
    )
    registry_status = EncryptedCharField(_("registry status"), max_length=20, choices=Registry.choices, blank=True)
    supervision_status = EncryptedCharField(
        _("supervision status"), max_length=20, choices=Supervision.choices, blank=True
    )
    housing_unstable = EncryptedBooleanField(_("housing instability"), default=False)
    reporting_day = EncryptedSmallIntegerField(
        _("reporting day"), choices=Weekday.choices, null=True, blank=True,
        help_text=_("A weekly in-person reporting day; reminders avoid it."),
    )
    note = EncryptedTextField(_("private note"), blank=True)

    class Meta:
        verbose_name = _("sensitive facts")
        verbose_name_plural = _("sensitive facts")

    def __str__(self) -> str:
        return str(_("Sensitive facts about %(person)s") % {"person": self.person})

    @property
    def under_supervision(self) -> bool:
        return self.supervision_status in {self.Supervision.PAROLE, self.Supervision.PROBATION,
                                           self.Supervision.MONITORING}


class RecordClearingReferral(TimeStampedModel):
    """A referral to a legal-aid partner for record clearing, made with the person's consent to share their
    details, followed through its status and dates. Screening is not legal advice: nothing here says what a
    record holds or what the person may be eligible for. A sensitive fact: seen and changed only through the
    policy, every look and change audited."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        CONTACTED = "contacted", _("Partner contacted them")
        FILED = "filed", _("Petition filed")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        CLOSED = "closed", _("Closed")

    # The date each status was reached, by status; a referral's own date is `referred_on`.
    STATUS_DATES = {Status.CONTACTED: "contacted_on", Status.FILED: "filed_on", Status.GRANTED: "decided_on",
                    Status.DENIED: "decided_on", Status.CLOSED: "closed_on"}

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="record_clearing_referrals"
    )
    partner = models.ForeignKey(
        Organization, verbose_name=_("legal-aid partner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REFERRED)
    referred_on = models.DateField(_("referred on"))
    contacted_on = models.DateField(_("partner contacted them on"), null=True, blank=True)
    filed_on = models.DateField(_("petition filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    consent_given = models.BooleanField(_("the person agreed to share their details with the partner"),
                                        default=False)
    outcome = models.TextField(
        _("outcome"), blank=True,
        help_text=_("What the partner reported, in a few words. No charges and no legal advice here."),
    )
    # The record-clearing clinic where the person asked, when it came from a clinic's check-in.
    event = models.ForeignKey(
        "events.Event", verbose_name=_("clinic"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="clinic_referrals",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("record-clearing referral")
        verbose_name_plural = _("record-clearing referrals")
        constraints = [
            models.CheckConstraint(condition=Q(consent_given=True), name="referral_needs_consent"),
            models.CheckConstraint(
                condition=Q(status__in=["referred", "contacted", "filed", "granted", "denied", "closed"]),
                name="referral_status_known",
            ),
        ]
        indexes = [models.Index(fields=["event", "partner", "status"], name="referral_clinic_report_idx")]

    def __str__(self) -> str:
        return f"{self.person} → {self.partner}"

    def clean(self) -> None:
        errors = {}
        for name in ("contacted_on", "filed_on", "decided_on", "closed_on"):
            value = getattr(self, name)
            if value is not None and self.referred_on is not None and value < self.referred_on:
                errors[name] = _("This date is before the referral was made.")
        if self.decided_on is not None and self.status not in {self.Status.GRANTED, self.Status.DENIED,
                                                               self.Status.CLOSED}:
            errors["decided_on"] = _("A decision date goes with a status of granted, denied or closed.")
        if errors:
            raise ValidationError(errors)
