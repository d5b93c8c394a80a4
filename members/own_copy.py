"""What members keeps about a person, for their own copy (coalition/own_copy.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coalition.own_copy import Field, Section, record
from members.models import ConsentChange, Interaction, Person, PersonPhone, RecordClearingReferral, SensitiveFacts

PERSON_FIELDS = [
    "first_name", "last_name", "preferred_name", "pronouns", "preferred_language", "email", "preferred_channel",
    "street_address", "city", "postal_code", "county", "region", "reach_through", "reach_through_name",
    "reach_through_note", "assigned_organizer", "source", "joined_on", "stage", "recruited_by", "no_online_identity",
    "voter_registration", "voting_plan", "jail_voting_note", "sms_consent", "email_consent", "phone_consent",
    "story_sharing", "photo_consent", "created_at",
]


def person_section(person: Person) -> Section:
    row = record(person, PERSON_FIELDS)
    tags = ", ".join(str(tag) for tag in person.tags.all())
    row.append(Field("tags", str(_("Tags")), tags))
    return Section("person", _("About you"), [row])


def phones_section(person: Person) -> Section:
    phones = PersonPhone.objects.filter(person=person).order_by("pk")
    return Section("phones", _("Phone numbers"), [
        [Field("number", str(_("Phone number")), str(p.number)),
         *record(p, ["kind", "note", "is_primary", "valid_since", "stopped_working_on"])] for p in phones])


def consent_section(person: Person) -> Section:
    changes = ConsentChange.objects.filter(person=person).order_by("at", "pk")
    return Section("consent_history", _("What you agreed to receive, and when it changed"), [
        record(c, ["channel", "given", "method", "how", "at"]) for c in changes])


def sensitive_section(person: Person) -> Section:
    facts = SensitiveFacts.objects.filter(person=person).first()
    rows = [record(facts, ["lived_experience", "registry_status", "supervision_status", "housing_unstable",
                           "reporting_day", "note", "updated_at"])] if facts else []
    return Section("sensitive_facts", _("Sensitive facts (seen only by the few who need them)"), rows)


def interactions_section(person: Person) -> Section:
    contacts = Interaction.objects.filter(person=person).select_related("logged_by").order_by("happened_at", "pk")
    return Section(
        "contacts", _("Contacts with you"),
        [record(i, ["happened_at", "channel", "kind", "outcome", "logged_by"]) for i in contacts],
        note=_("The notes organizers write after a contact are their working notes and are not part of this "
               "copy. Ask the coalition if you want to see them."))


def referrals_section(person: Person) -> Section:
    referrals = RecordClearingReferral.objects.filter(person=person).select_related("partner").order_by("pk")
    return Section("referrals", _("Record-clearing referrals"), [
        record(r, ["partner", "status", "referred_on", "contacted_on", "filed_on", "decided_on", "closed_on",
                   "consent_given", "outcome"]) for r in referrals])
