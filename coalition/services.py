"""Every write to the coalition's own records: accounts, regions, organizations, the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County, Organization, Region, User

if TYPE_CHECKING:
    from members.models import Person


def audit_record(
    *,
    actor: User | None,
    action: str,
    summary: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry (who did what to which record). Any caller; never edited afterwards.

    With `values`, `summary` is an English sentence marked with gettext_noop ("Created event %(title)s"): the
    entry keeps it with its values and the audit log translates it for whoever reads it (AuditEntry.summary_shown).
    """
    detail = dict(detail or {})
    if values is not None:
        values = {key: str(value) for key, value in values.items()}
        detail[AuditEntry.SUMMARY_KEY] = {"text": summary, "values": values}
        summary = summary % values
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        detail=detail,
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        # The record's name as the coalition writes it (English), whichever language the actor reads.
        with translation.override(settings.LANGUAGE_CODE):
            entry.object_repr = str(target)[:200]
    entry.save()
    return entry


def audit_record_many(
    *, actor: User | None, action: str, entries: Iterable[tuple[models.Model, str]],
    detail: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """Write one audit entry per (target, summary) in one query: a list page that shows something audited
    about each of its rows. Any caller."""
    rows = []
    for target, summary in entries:
        rows.append(AuditEntry(
            actor=actor if actor is not None and actor.is_authenticated else None, action=action,
            summary=summary[:300], detail=detail or {},
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=str(target.pk), object_repr=str(target)[:200],
        ))
    return AuditEntry.objects.bulk_create(rows) if rows else []


@transaction.atomic
def region_set_counties(*, actor: User, region: Region, counties: Iterable[County]) -> Region:
    """Move the given counties into the region (admins only). Audited; safe to repeat."""
    if not access.may_manage_regions(actor):
        raise OutOfReach("region")
    county_ids = sorted({c.pk for c in counties})
    leaving = list(
        County.objects.filter(region=region).exclude(pk__in=county_ids).values_list("name", flat=True)
    )
    if leaving:
        raise ValidationError(
            _(
                "Every county belongs to a region. To take %(names)s out of %(region)s, add them to another "
                "region instead."
            )
            % {"names": ", ".join(leaving), "region": region.name}
        )
    moved = list(County.objects.filter(pk__in=county_ids).exclude(region=region).values_list("fips", flat=True))
    County.objects.filter(pk__in=county_ids).update(region=region)
    if moved:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            summary=_("Moved %(count)d counties into %(region)s") % {"count": len(moved), "region": region.name},
            target=region,
            detail={"counties": moved},
        )
    return region


@transaction.atomic
def region_update(*, actor: User, region: Region, counties: Iterable[County], name_es: str | None = None) -> Region:
    """Set a region's counties (region_set_counties) and its name in Spanish (admins only; None keeps it). Saves
    only what changed; audited."""
    if not access.may_manage_regions(actor):
        raise OutOfReach("region")
    region_set_counties(actor=actor, region=region, counties=counties)
    if name_es is not None and " ".join(name_es.split()) != region.name_es:
        region.name_es = " ".join(name_es.split())
        region.full_clean()
        region.save(update_fields=["name_es", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, summary=_("Changed the Spanish name"),
                     target=region, detail={"fields": ["name_es"]})
    return region


@transaction.atomic
def organization_create(*, actor: User, **fields: Any) -> Organization:
    """Create a partner organization (staff and admins)."""
    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    organization = Organization(**fields)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, actor: User, organization: Organization, **fields: Any) -> Organization:
    """Change a partner organization's details (staff and admins); saves only the given fields."""
    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save(update_fields=[*fields, "updated_at"])
    return organization


@transaction.atomic
def organization_archive(*, actor: User, organization: Organization) -> Organization:
    """Archive an organization (staff): it keeps its seats, representatives and history but is no longer offered
    for new seats and drops out of the default list. Refused while it still sits at a table. Idempotent; audited."""
    from coalition.models import TableSeat

    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.archived_at is not None:
        return organization
    seated = list(TableSeat.objects.filter(organization=organization, left_on__isnull=True)
                  .values_list("table__name", flat=True).order_by("table__name"))
    if seated:
        raise ValidationError(_("%(organization)s still sits at %(tables)s. Record its leaving there first.") % {
            "organization": organization, "tables": ", ".join(seated)})
    from django.utils import timezone

    organization.archived_at = timezone.now()
    organization.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=organization,
                 summary=_("Archived %(organization)s") % {"organization": organization})
    return organization


@transaction.atomic
def organization_restore(*, actor: User, organization: Organization) -> Organization:
    """Bring an archived organization back (staff). Idempotent; audited."""
    if not access.may_manage_organizations(actor):
        raise OutOfReach("organization")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.archived_at is None:
        return organization
    organization.archived_at = None
    organization.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=organization,
                 summary=_("Restored %(organization)s") % {"organization": organization})
    return organization


@transaction.atomic
def user_invite(
    *,
    actor: User,
    email: str,
    first_name: str,
    last_name: str = "",
    role: str,
    region: Region | None = None,
    organization: Organization | None = None,
    person: Person | None = None,
    base_url: str,
) -> User:
    """Create an account with no password and email a link to choose one. Staff invite; admins invite staff.

    The email goes out after the transaction commits. Refuses a person flagged "no online identity".
    """
    if not access.may_invite(actor, role):
        raise OutOfReach("invite")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    if person is not None and person.no_online_identity:
        raise ValidationError(
            _("This person is flagged “no online identity”: the app never creates a login for them.")
        )
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region if role == User.Role.ORGANIZER else None,
        organization=organization if role == User.Role.PARTNER else None,
        person=person,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        summary=_("Invited %(email)s as %(role)s") % {"email": email, "role": user.get_role_display()},
        target=user,
    )
    key = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )

    def send() -> None:
        with translation.override(user.preferred_language):
            send_mail(
                subject=_("You are invited to the coalition's organizing app"),
                message=render_to_string("coalition/email/invitation.txt", {"user": user, "link": link}),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[email],
            )

    transaction.on_commit(send)
    return user


@transaction.atomic
def admin_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an admin account with a password: the first account of a new installation (manage.py createadmin).

    No actor: it runs from the command line, for whoever holds the server. Refuses an email that already has an
    account (whatever its role), so running it twice never makes a second one; checks the password against
    AUTH_PASSWORD_VALIDATORS. Audited.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=User.Role.ADMIN)
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # another run took the email in the meantime
        raise ValidationError({"email": _("An account with this email address already exists.")}) from error
    audit_record(actor=None, action=AuditEntry.Action.CREATE, target=user,
                 summary=_("Admin account %(email)s created from the command line") % {"email": email})
    return user


# Coalition tables and meetings ------------------------------------------------------------------------
# They live in coalition/table_services.py; callers keep coalition.services.<name>.

from coalition.table_services import (  # noqa: E402
    MeetingChanged as MeetingChanged,
)
from coalition.table_services import (  # noqa: E402
    table_action_item_create as table_action_item_create,
)
from coalition.table_services import (  # noqa: E402
    table_action_item_done as table_action_item_done,
)
from coalition.table_services import (  # noqa: E402
    table_action_item_reopen as table_action_item_reopen,
)
from coalition.table_services import (  # noqa: E402
    table_action_item_update as table_action_item_update,
)
from coalition.table_services import (  # noqa: E402
    table_create as table_create,
)
from coalition.table_services import (  # noqa: E402
    table_meeting_attendance_set as table_meeting_attendance_set,
)
from coalition.table_services import (  # noqa: E402
    table_meeting_cancel as table_meeting_cancel,
)
from coalition.table_services import (  # noqa: E402
    table_meeting_create as table_meeting_create,
)
from coalition.table_services import (  # noqa: E402
    table_meeting_update as table_meeting_update,
)
from coalition.table_services import (  # noqa: E402
    table_representative_add as table_representative_add,
)
from coalition.table_services import (  # noqa: E402
    table_representative_end as table_representative_end,
)
from coalition.table_services import (  # noqa: E402
    table_seat_add as table_seat_add,
)
from coalition.table_services import (  # noqa: E402
    table_seat_end as table_seat_end,
)
from coalition.table_services import (  # noqa: E402
    table_seat_role_change as table_seat_role_change,
)
from coalition.table_services import (  # noqa: E402
    table_update as table_update,
)
