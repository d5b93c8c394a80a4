"""Every write to events, by sub-domain: planning.py (an event itself, its hosts), series.py (recurring
series), places.py (venues and pickup points), transport.py (buses), rsvps.py (RSVPs, seats, the public form,
check-in), self_service.py (a person's own RSVP through its manage link), people.py (matching the person a
form names). Callers use `events.services.<name>`; each name lives in one module.
"""

from events.services.attendance import ATTENDANCE_MAX_ROWS, AttendanceResult, event_attendance_import
from events.services.host_links import (
    ActionResult,
    Outcome,
    host_check_in,
    host_link_create,
    host_link_opened,
    host_link_pin_try,
    host_link_revoke,
    host_walk_in,
)
from events.services.people import PersonMatch, person_match, person_match_or_create
from events.services.places import (
    pickup_point_archive,
    pickup_point_create,
    pickup_point_update,
    venue_archive,
    venue_create,
    venue_update,
)
from events.services.planning import (
    EVENT_FIELDS,
    NOTICE_FIELDS,
    event_archive,
    event_cancel,
    event_create,
    event_host_add,
    event_host_remove,
    event_update,
)
from events.services.rsvps import (
    ACTIVE,
    PlacementWarning,
    PublicSubmission,
    placement_warnings,
    placement_warnings_viewed,
    rsvp_cancel,
    rsvp_cancel_revert,
    rsvp_cancel_tap,
    rsvp_check_in,
    rsvp_check_in_revert,
    rsvp_check_in_tap,
    rsvp_member_join,
    rsvp_move_bus,
    rsvp_no_show_revert,
    rsvp_no_show_tap,
    rsvp_proxy,
    rsvp_public_submit,
    rsvp_record,
    rsvp_review_decide,
    rsvp_set_travel_permission,
    travel_permissions_viewed,
    walk_in_record,
)
from events.services.self_service import SelfChange, rsvp_self_cancel, rsvp_self_update
from events.services.series import (
    SHARED_FIELDS,
    event_update_this_and_later,
    series_cancel_rest,
    series_create,
    series_dates,
    series_update,
)
from events.services.transport import CapacityWarning, bus_create, bus_update

__all__ = [
    "ATTENDANCE_MAX_ROWS", "AttendanceResult", "event_attendance_import",
    "ACTIVE", "EVENT_FIELDS", "ActionResult", "Outcome", "host_check_in", "host_link_create", "host_link_opened",
    "host_link_pin_try", "host_link_revoke", "host_walk_in", "NOTICE_FIELDS", "SHARED_FIELDS", "CapacityWarning",
    "PersonMatch",
    "PlacementWarning", "PublicSubmission", "SelfChange", "bus_create", "bus_update", "event_archive", "event_cancel",
    "event_create", "event_host_add", "event_host_remove", "event_update", "event_update_this_and_later",
    "person_match", "person_match_or_create", "pickup_point_archive", "pickup_point_create", "pickup_point_update",
    "placement_warnings", "placement_warnings_viewed", "rsvp_cancel", "rsvp_cancel_revert", "rsvp_cancel_tap",
    "rsvp_check_in", "rsvp_check_in_revert", "rsvp_check_in_tap", "rsvp_member_join", "rsvp_move_bus",
    "rsvp_no_show_revert", "rsvp_no_show_tap",
    "rsvp_proxy", "rsvp_public_submit", "rsvp_record", "rsvp_review_decide", "rsvp_self_cancel", "rsvp_self_update",
    "rsvp_set_travel_permission",
    "series_cancel_rest", "series_create", "series_dates", "series_update", "travel_permissions_viewed",
    "venue_archive", "venue_create", "venue_update", "walk_in_record",
]
