"""Every change to a shared document after it is shared: its words (in English and Spanish), who may see it, and
its file, replaced with the old one kept as a version. Re-exported from campaigns.services."""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Resource, ResourceVersion
from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, User
from coalition.services import audit_record

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


@transaction.atomic
def resource_update(*, actor: User, resource: Resource, **fields: Any) -> Resource:
    """Change a document's title, description (both languages), kind, language, campaign, table or audience
    (staff, admins, the organizer who shared it). A change of audience is audited as sharing."""
    if not access.may_change_resource(actor, resource):
        raise OutOfReach("resource")
    changed = [name for name, value in fields.items() if getattr(resource, name) != value]
    for name in changed:
        setattr(resource, name, fields[name])
    resource.full_clean()
    if changed:
        resource.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=resource,
                     summary=_("Changed a resource (%(audience)s)") % {"audience": resource.get_audience_display()},
                     detail={"fields": sorted(changed)})
    return resource


@transaction.atomic
def resource_replace_file(*, actor: User, resource: Resource, upload: UploadedFile,
                          idempotency_key: uuid.UUID | None = None) -> ResourceVersion:
    """Put a new file on a document (who may change it); the old file is kept as a version, listed on the
    document's page and served through the same policy. The new file is checked like a first upload. Idempotent
    by the form's key: a double post keeps one version. Audited."""
    from campaigns.services import resource_file_check

    if not access.may_change_resource(actor, resource):
        raise OutOfReach("resource")
    content_type = resource_file_check(upload)

    def create() -> ResourceVersion:
        current = Resource.objects.select_for_update().get(pk=resource.pk)
        version = ResourceVersion(
            resource=current, file=current.file.name, file_name=current.file_name, content_type=current.content_type,
            size=current.size, uploaded_by_id=current.uploaded_by_id, uploaded_at=current.updated_at,
            replaced_at=timezone.now(), idempotency_key=idempotency_key,
        )
        version.full_clean()
        version.save()
        current.file = upload
        current.file_name = os.path.basename(upload.name or "")[:200]
        current.content_type = content_type
        current.size = upload.size or 0
        current.uploaded_by = actor
        current.full_clean()
        current.save(update_fields=["file", "file_name", "content_type", "size", "uploaded_by", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=current,
                     summary=_("Replaced a resource's file (the old one is kept)"))
        return version

    version, created = create_once(ResourceVersion, idempotency_key, create)
    if not created and version.resource_id != resource.pk:
        raise ValidationError(_("This form was already used. Open the form again."))
    resource.refresh_from_db()
    return version
