"""The worker's side of webhooks: send one delivery, and try it again later with backoff when it fails."""

from __future__ import annotations

from celery import shared_task

from api import services


@shared_task(name="api.webhook_deliver", ignore_result=True)
def webhook_deliver(delivery_id: int) -> None:
    """Send one webhook delivery by id; a failure is retried after its backoff. Safe to run twice: a delivery
    no longer pending is left alone."""
    _delivery, wait = services.delivery_send(delivery_id=delivery_id)
    if wait is not None:
        webhook_deliver.apply_async((delivery_id,), countdown=wait)


@shared_task(name="api.webhooks_sweep", ignore_result=True)
def webhooks_sweep() -> None:
    """Queue again the deliveries a lost message or a dead worker left pending or sending. Safe to run twice."""
    services.deliveries_sweep()
