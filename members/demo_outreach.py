"""Demo outreach: a saved list of the Clean Slate people, a bilingual draft text to it, and a question Lola texted
that waits in her organizer's inbox. Idempotent: the list and the draft are found by name, the text by its id."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from coalition.models import User
from members import services
from members.models import SavedList, Tag
from messaging import broadcast_services
from messaging import services as outbox
from messaging.models import Broadcast

LIST_NAME = "Clean Slate supporters"
BROADCAST_NAME = "Clean Slate lobby day ride"


def seed(users: dict[str, User] | None = None, **_: Any) -> dict[str, Any]:
    staff = User.objects.get(email="staff@demo.coalition.test")
    tag = Tag.objects.filter(name="Clean Slate").first()
    saved = SavedList.objects.filter(name=LIST_NAME, owner=staff).first()
    if saved is None and tag is not None:
        saved = services.saved_list_create(actor=staff, name=LIST_NAME, kind=SavedList.Kind.SMART,
                                           sharing=SavedList.Sharing.STAFF, filters={"tag": str(tag.pk)})
    if saved is not None and not Broadcast.objects.filter(name=BROADCAST_NAME).exists():
        broadcast_services.broadcast_save(
            actor=staff, name=BROADCAST_NAME, audience=f"list:{saved.pk}", mode=Broadcast.Mode.SMS,
            sms_en="Hi {preferred_name}, ride with us to Springfield for Clean Slate. Reply YES to save a seat.",
            sms_es="Hola {preferred_name}, ven con nosotros a Springfield por Clean Slate. Responde SÍ para "
                   "guardar tu asiento.",
            email_subject_en="", email_subject_es="", email_body_en="", email_body_es="")
    # A question from Lola's phone, through the webhook's own service: her organizer finds it in the inbox.
    outbox.inbound_text_receive(from_number="+13125550142", body="¿Hay cuidado de niños en la reunión del jueves?",
                                message_sid="SMdemo0000lola0childcare", sent_at=timezone.now())
    return {}
