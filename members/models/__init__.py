"""People the coalition knows, by sub-domain: people.py (a person, phones), contact.py (consent history and
requests), sensitive.py (sensitive facts, record-clearing referrals), interactions.py (contacts, follow-ups),
imports.py (CSV imports), tags.py (tags). Callers use `from members.models import X`.
"""

from members.models.contact import ConsentChange, ConsentRequest
from members.models.imports import ImportJob
from members.models.interactions import FollowUp, Interaction
from members.models.people import Channel, Person, PersonPhone, StorySharing
from members.models.sensitive import RecordClearingReferral, SensitiveFacts
from members.models.tags import Tag

__all__ = [
    "Channel", "ConsentChange", "ConsentRequest", "FollowUp", "ImportJob", "Interaction", "Person", "PersonPhone",
    "RecordClearingReferral", "SensitiveFacts", "StorySharing", "Tag",
]
