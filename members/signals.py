"""What the people app tells the apps above it. A sender imports this module and never its listeners; each
listener connects when its app starts (its AppConfig.ready): leadership listens, and stories sends too.

Listeners run in the sender's transaction, and their errors reach the sender's caller.
"""

from __future__ import annotations

from django.dispatch import Signal

# A change of stage on a person's record, before it is saved. Sent with `actor`, `person` (still at the old
# stage), `to_stage` and `reason`: the ladder records the move, saves the stage, and may refuse it.
person_stage_changed = Signal()

# A story appeared in the media (the stories app just saved a MediaAppearance). Sent with `appearance`.
media_appearance_added = Signal()
