"""Thin Celery tasks for the outbox: ids in, one service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from messaging import services


@shared_task(name="messaging.send_message", acks_late=True)
def send_message(message_id: int) -> str:
    """Send one message if it is still pending and due. Running it twice sends it once (the claim)."""
    return services.message_send(message_id=message_id)


@shared_task(name="messaging.send_messages", acks_late=True, ignore_result=True)
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send a chunk of due messages, each claimed just before it goes out. Running it twice, or two chunks
    holding the same id, sends each message once (the claim)."""
    return services.messages_send(message_ids=message_ids)


@shared_task(name="messaging.dispatch_due")
def dispatch_due() -> int:
    """The periodic job (every minute): put back rows of dead workers, then hand out every due message in
    chunks, one send task per chunk, so the worker's concurrency drains a backlog within the tick.

    Two ticks at once are harmless: each message is claimed by exactly one sender. Returns how many it handed out.
    """
    services.messages_recover_stale()
    chunks = services.messages_due_chunks()
    for chunk in chunks:
        send_messages.delay(chunk)
    return sum(len(chunk) for chunk in chunks)


@shared_task(name="messaging.inbound_messages_prune")
def inbound_messages_prune() -> int:
    """The periodic job (hourly): forget inbound message ids too old to be replayed (the webhook refuses those by
    their signed time). Idempotent: a second run finds nothing to delete."""
    return services.inbound_messages_prune()


@shared_task(name="messaging.queue_broadcast", acks_late=True, ignore_result=True)
def queue_broadcast(broadcast_id: int) -> int:
    """Write a sending broadcast's outbox messages, one per person. Running it twice writes each once."""
    from messaging import broadcast_services

    return broadcast_services.broadcast_queue(broadcast_id=broadcast_id)


@shared_task(name="messaging.broadcasts_tick")
def broadcasts_tick() -> tuple[int, int]:
    """The periodic job (every minute): start scheduled broadcasts that are due, mark finished ones done."""
    from messaging import broadcast_services

    return broadcast_services.broadcasts_tick()
