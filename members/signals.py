"""Signals between the apps that stand on the people app. A sender imports this module and never its
listeners; each listener connects when its app starts (its AppConfig.ready), so no arrow points up.

Listeners run in the sender's transaction, and their errors reach the sender's caller.
"""

from __future__ import annotations

from django.dispatch import Signal

# A story appeared in the media (the stories app just saved a MediaAppearance). Sent with `appearance`.
media_appearance_added = Signal()
