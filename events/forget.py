"""What events erases when a person is forgotten (coalition/forget.py runs it)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.forget import Forgetting, Step
from events.models import RSVP, RSVPReview


def _rsvps(f: Forgetting) -> int:
    """RSVPs and check-ins stay (an event's count and attendance do not change); their access needs and travel
    permission, which describe the person, are erased."""
    return RSVP.objects.filter(person_id=f.person_id).exclude(access_needs="", travel_permission="").update(
        access_needs="", travel_permission="")


def _reviews(f: Forgetting) -> int:
    """Public RSVPs that named their phone, email or name: one still waiting is dropped (nothing of it was
    written to anyone's record); one already decided keeps its outcome and loses what was typed."""
    typed = f.mentions("name", "email", "phone")
    reviews = RSVPReview.objects.filter(Q(match_id=f.person_id) | Q(rsvp__person_id=f.person_id) | typed)
    dropped = reviews.filter(status=RSVPReview.Status.PENDING).delete()[0]
    changed = 0
    for review in reviews.exclude(status=RSVPReview.Status.PENDING):
        review.name, review.phone, review.email, review.access_needs = "", "", "", ""
        review.fingerprint = f"forgotten-{review.pk}"
        review.match = None
        review.save(update_fields=["name", "phone", "email", "access_needs", "fingerprint", "match"])
        changed += 1
    return int(dropped) + changed


STEPS = [
    Step("rsvps", _("Their RSVPs and check-ins stay, so events keep their counts, without their access needs or "
                    "travel permission"), _rsvps),
    Step("rsvp_reviews", _("Public RSVPs waiting for a decision that used their phone, email or name are dropped"),
         _reviews),
]
