"""Every write to people's records, by sub-domain: people.py (the person, phones, consent, sensitive facts,
contacts), imports.py (CSV imports), merge.py (exports' audit and merging duplicates), lists.py (saved lists),
tags.py (tags and bulk tagging), referrals.py (record-clearing referrals), voting.py (the voting bloc's answers),
forget.py (requests to be forgotten). Callers use `members.services.<name>`; each name lives in one module.
"""

from members.services.forget import forget_carry_out, forget_name_matches, forget_request_record
from members.services.imports import (
    import_job_create,
    import_job_map,
    import_job_run,
    import_job_start,
    import_preview,
    person_signup,
)
from members.services.lists import (
    ListChanged,
    saved_list_add_people,
    saved_list_archive,
    saved_list_create,
    saved_list_delete,
    saved_list_remove_person,
    saved_list_update,
)
from members.services.merge import person_export_audit, person_merge
from members.services.people import (
    CONSENT_CHANNELS,
    USED_FORM,
    consent_set,
    consent_withdraw,
    follow_up_done,
    interaction_log,
    person_contact_update,
    person_create,
    person_update,
    phone_add,
    phone_make_primary,
    phone_mark_stopped,
    phone_mark_stopped_tap,
    phone_stopped_revert,
    sensitive_facts_update,
    sensitive_facts_viewed,
)
from members.services.referrals import referral_create, referral_update, referrals_viewed
from members.services.tags import (
    BULK_TAG_INLINE_LIMIT,
    bulk_tag_counts,
    bulk_tag_people,
    bulk_tag_run,
    bulk_tag_start,
    tag_create,
    tag_merge,
    tag_restore,
    tag_retire,
    tag_update,
)
from members.services.voting import voting_answers_record

__all__ = [
    "forget_carry_out", "forget_name_matches", "forget_request_record",
    "CONSENT_CHANNELS", "USED_FORM", "consent_set", "consent_withdraw", "follow_up_done", "import_job_create",
    "import_job_map", "import_job_run", "import_job_start", "import_preview", "person_signup", "interaction_log",
    "person_contact_update", "person_create", "person_export_audit", "person_merge", "person_update", "phone_add",
    "phone_make_primary", "phone_mark_stopped", "phone_mark_stopped_tap", "phone_stopped_revert",
    "sensitive_facts_update", "sensitive_facts_viewed",
    "BULK_TAG_INLINE_LIMIT", "bulk_tag_counts", "bulk_tag_people", "bulk_tag_run", "bulk_tag_start",
    "referral_create", "referral_update", "referrals_viewed", "tag_create", "tag_merge", "tag_restore",
    "tag_retire", "tag_update", "voting_answers_record", "ListChanged", "saved_list_add_people", "saved_list_archive",
    "saved_list_create", "saved_list_delete", "saved_list_remove_person", "saved_list_update",
]
