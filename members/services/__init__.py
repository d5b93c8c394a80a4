"""Every write to people's records, by sub-domain: people.py (the person, phones, consent, sensitive facts,
contacts), imports.py (CSV imports), merge.py (exports' audit and merging duplicates). Callers use
`members.services.<name>`; each name lives in one module.
"""

from members.services.imports import (
    import_job_create,
    import_job_map,
    import_job_run,
    import_job_start,
    import_preview,
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
    sensitive_facts_update,
    sensitive_facts_viewed,
)

__all__ = [
    "CONSENT_CHANNELS", "USED_FORM", "consent_set", "consent_withdraw", "follow_up_done", "import_job_create",
    "import_job_map", "import_job_run", "import_job_start", "import_preview", "interaction_log",
    "person_contact_update", "person_create", "person_export_audit", "person_merge", "person_update", "phone_add",
    "phone_make_primary", "phone_mark_stopped", "sensitive_facts_update", "sensitive_facts_viewed",
]
