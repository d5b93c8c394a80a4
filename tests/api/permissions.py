"""Permission-matrix rows for the API and its pages. The API answers a token, never a signed-in session: every
role and nobody get 401 there. The schema and its docs page are public. Tokens, webhooks and deliveries are
the admins' pages; everyone else signed in gets 404."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, everyone, only

UNAUTHORIZED = everyone(401, anon=401)


def world(base: dict[str, Any]) -> dict[str, Any]:
    from api import services
    from api.models import WebhookDelivery, WebhookEvent
    from tests.api.factories import token, webhook
    from tests.members.factories import PersonFactory

    admin = base["accounts"]["admin"]
    made, _secret = token(admin, name="Matrix token")
    hook = webhook(admin, "http://127.0.0.1:9/hook", [WebhookEvent.PERSON_UPDATED])
    services.webhook_set_active(actor=admin, hook=hook, active=False)
    person = PersonFactory()
    delivery = WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                              body={}, status=WebhookDelivery.Status.FAILED)
    return {"api_token": made, "webhook": hook, "delivery": delivery, "api_person": person}


def _pk(key: str) -> Any:
    return lambda w: {"pk": w[key].pk}


ROWS: dict[str, Row] = {
    "api:people": Row(expect=UNAUTHORIZED),
    "api:person": Row(kwargs=_pk("api_person"), expect=UNAUTHORIZED),
    "api:person_taggings": Row(kwargs=_pk("api_person"), expect=UNAUTHORIZED),
    "api:tags": Row(expect=UNAUTHORIZED),
    "api:tag": Row(kwargs=lambda w: {"pk": 1}, expect=UNAUTHORIZED),
    "api:tag_taggings": Row(kwargs=lambda w: {"pk": 1}, expect=UNAUTHORIZED),
    "api:events": Row(expect=UNAUTHORIZED),
    "api:event": Row(kwargs=lambda w: {"pk": 1}, expect=UNAUTHORIZED),
    "api:attendances": Row(kwargs=lambda w: {"pk": 1}, expect=UNAUTHORIZED),
    "api:schema": Row(expect=everyone(200, anon=200)),
    "api:docs": Row(expect=everyone(200, anon=200)),
    "api:token_list": Row(expect=only("admin")),
    "api:token_revoke": Row(kwargs=_pk("api_token"), method="post", expect=only("admin", status=302)),
    "api:webhook_list": Row(expect=only("admin")),
    "api:webhook_detail": Row(kwargs=_pk("webhook"), expect=only("admin")),
    "api:delivery_resend": Row(kwargs=_pk("delivery"), method="post", expect=only("admin", status=302)),
}
