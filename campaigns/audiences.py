"""The audience kinds of campaigns (members.audiences): a campaign's participants, and the participants of a
witness-slip drive's campaign who have not filed their slip yet."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Participation, WitnessSlipDrive, WitnessSlipFiling
from coalition import access
from members.audiences import register, subject_id


def _campaign_people(actor: Any, subject: str) -> QuerySet[Any]:
    campaign = access.get_in_scope(access.campaign_scope(actor), pk=subject_id(subject))
    return Participation.objects.filter(campaign=campaign).values("person_id")


def _campaign_choices(actor: Any) -> list[tuple[str, str]]:
    if not access.may_work_with_people(actor):
        return []
    return [(str(c.pk), c.name) for c in access.campaign_scope(actor).order_by("name").only("name")]


register("campaign", _("A campaign's participants"), people=_campaign_people, choices=_campaign_choices,
         describe=lambda actor, subject: access.get_in_scope(access.campaign_scope(actor),
                                                             pk=subject_id(subject)).name)


def _drives(actor: Any) -> QuerySet[WitnessSlipDrive]:
    return WitnessSlipDrive.objects.filter(bill__in=access.bill_scope(actor)).select_related("bill")


def _drive_people(actor: Any, subject: str) -> QuerySet[Any]:
    drive = access.get_in_scope(_drives(actor), pk=subject_id(subject))
    filed = WitnessSlipFiling.objects.filter(drive=drive).values("person_id")
    # A drive asks the participants of its bill's campaign; a bill outside any campaign has nobody to ask.
    if drive.bill.campaign_id is None:
        return Participation.objects.none().values("person_id")
    return (Participation.objects.filter(campaign_id=drive.bill.campaign_id).exclude(person_id__in=filed)
            .values("person_id"))


def _drive_choices(actor: Any) -> list[tuple[str, str]]:
    if not access.may_work_with_people(actor):
        return []
    open_drives = _drives(actor).filter(deadline__gte=timezone.now()).order_by("deadline", "id")
    return [(str(d.pk), str(d)) for d in open_drives]


register("witness_slips", _("A witness-slip drive's non-filers"), people=_drive_people, choices=_drive_choices,
         describe=lambda actor, subject: str(access.get_in_scope(_drives(actor), pk=subject_id(subject))))
