"""People the coalition knows, by sub-domain: people.py (a person, phones), contact.py (consent history and
requests), sensitive.py (sensitive facts, record-clearing referrals), interactions.py (contacts, follow-ups),
imports.py (CSV imports), external_ids.py (ids other tools gave a person), forget.py (requests to be
forgotten), lists.py (saved lists), tags.py (tags and bulk tagging), voting.py (the voting bloc's answers).
Callers use `from members.models import X`.
"""

from members.models.contact import ConsentChange, ConsentRequest
from members.models.external_ids import PersonExternalId
from members.models.forget import ForgetRequest
from members.models.imports import ImportJob
from members.models.interactions import FollowUp, Interaction
from members.models.lists import ListMembership, SavedList
from members.models.people import Channel, Person, PersonPhone, StorySharing
from members.models.sensitive import RecordClearingReferral, SensitiveFacts
from members.models.tags import BulkTagJob, Tag
from members.models.voting import (
    PLANNED_ANSWERS,
    REGISTERED_ANSWERS,
    VoterRegistration,
    VotingAnswer,
    VotingPlan,
)

__all__ = [
    "PLANNED_ANSWERS", "REGISTERED_ANSWERS", "BulkTagJob", "VoterRegistration", "VotingAnswer", "VotingPlan",
    "Channel", "ConsentChange", "ConsentRequest", "FollowUp", "ForgetRequest", "ImportJob", "Interaction", "Person",
    "PersonPhone", "PersonExternalId",
    "ListMembership", "SavedList", "RecordClearingReferral", "SensitiveFacts", "StorySharing", "Tag",
]
