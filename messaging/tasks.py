"""Thin Celery tasks for the outbox: ids in, one service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from messaging import services


@shared_task(name="messaging.send_message", acks_late=True)
def send_message(message_id: int) -> str:
    """Send one message if it is still pending and due. Running it twice sends it once (the claim)."""
    return services.message_send(message_id=message_id)


@shared_task(name="messaging.dispatch_due")
def dispatch_due() -> int:
    """The periodic job: recover rows of dead workers, recompute reminders, queue every due message.

    Two ticks at once are harmless: each message is claimed by exactly one sender.
    """
    services.messages_recover_stale()
    services.reminders_schedule_upcoming()
    ids = services.messages_due()
    for message_id in ids:
        send_message.delay(message_id)
    return len(ids)


@shared_task(name="messaging.mentor_checkin_reminders")
def mentor_checkin_reminders() -> int:
    """The periodic job: queue a reminder to each mentor whose check-in is overdue, once per overdue period
    (the dedupe key); running it twice, or every hour, creates nothing new."""
    return services.mentor_checkin_reminders_queue()
