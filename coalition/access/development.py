"""The access policy: Leadership development, stories (and who may be named in them), resources.

Part of coalition.access (see its docstring); import it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Expression

    from campaigns.models import Resource
    from coalition.models import Region
    from leadership.models import AdvancementSuggestion, Mentorship
    from members.models import Person
    from stories.models import Story

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser


from coalition.access import (
    _role,
    has_turf,
    is_admin,
    is_member,
    is_organizer,
    is_partner,
    is_staff_or_admin,
    may_change_person,
    may_work_with_people,
    organizer_turf,
    person_scope,
    signed_in,
)
from coalition.access.tables import table_scope

# Leadership development, stories, resources ---------------------------------------------------------

def may_manage_development(actor: Actor | None, person: Person) -> bool:
    """Stage moves, completions, milestones, mentorships and suggestions: whoever may change the person."""
    return may_change_person(actor, person)


def may_manage_ladder(actor: Actor | None) -> bool:
    """The ladder's stages and their criteria (add, edit, reorder, retire): admins (docs/access.md)."""
    return is_admin(actor)


def may_manage_trainings(actor: Actor | None) -> bool:
    """The training catalogue (add, edit, retire): staff and admins."""
    return is_staff_or_admin(actor)


def pipeline_regions(actor: Actor | None) -> QuerySet[Region] | None:
    """Regions whose pipeline the actor may open; None means every region and the statewide view. An organizer's
    own region is the only one, and the one their pipeline opens on."""
    from coalition.models import Region

    user = signed_in(actor)
    if is_staff_or_admin(user):
        return None
    if is_organizer(user) and user.region_id is not None:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def suggestion_scope(actor: Actor | None) -> QuerySet[AdvancementSuggestion]:
    """Advancement suggestions about people the actor may work with."""
    from leadership.models import AdvancementSuggestion

    if not may_work_with_people(actor):
        return AdvancementSuggestion.objects.none()
    return AdvancementSuggestion.objects.filter(person__in=person_scope(actor))


def mentorship_scope(actor: Actor | None) -> QuerySet[Mentorship]:
    """Mentorships whose mentee or mentor the actor may see and work with."""
    from leadership.models import Mentorship

    user = signed_in(actor)
    if not may_work_with_people(user):
        return Mentorship.objects.none()
    if is_staff_or_admin(user):
        return Mentorship.objects.all()
    return Mentorship.objects.filter(organizer_turf(user, "mentee__") | organizer_turf(user, "mentor__"))


def mentorship_check_in_scope(actor: Actor | None) -> QuerySet[Mentorship]:
    """Mentorships whose check-ins are the actor's to keep (the overdue panel): for an organizer those whose
    mentee is on their turf, not those where only the mentor is; every one for staff and admins."""
    scope = mentorship_scope(actor)
    user = signed_in(actor)
    return scope.filter(organizer_turf(user, "mentee__")) if has_turf(user) else scope


# Stories: the one consent rule. Every list, page and export of stories goes through story_scope.
STORY_AUDIENCES = ("internal", "partners", "media", "public")


def story_audiences(actor: Actor | None) -> tuple[str, ...]:
    """The audiences an actor may read stories for: staff and organizers may also preview the narrower ones."""
    if may_work_with_people(actor):
        return STORY_AUDIENCES
    if is_partner(actor):
        return ("partners", "media", "public")
    return ()


def story_names_teller(actor: Actor | None, audience: str) -> Expression:
    """The one anonymity rule, as a boolean expression on stories: may this actor, reading for this audience, see
    who told the story? A story is anonymous when its consent or its teller's story-sharing level is "media,
    anonymous"; only staff, admins and the teller's own organizer (their turf) see that name, and only reading
    internally: every other audience is what leaves the coalition. Pages, exports and details all read it."""
    from django.db.models import BooleanField, ExpressionWrapper, Value

    from members.models import StorySharing

    if audience == "internal" and is_staff_or_admin(actor):
        return Value(True)
    anonymous = Q(consent_level=StorySharing.MEDIA_ANONYMOUS) | Q(person__story_sharing=StorySharing.MEDIA_ANONYMOUS)
    named = ~anonymous
    if audience == "internal" and is_organizer(actor):
        named |= organizer_turf(actor, "person__")
    return ExpressionWrapper(named, output_field=BooleanField())


def story_scope(actor: Actor | None, audience: str = "internal") -> QuerySet[Story]:
    """Stories this actor may read for this audience. Revoked or expired consent hides a story everywhere.

    A story's reach is the narrower of its own consent level and the person's current story-sharing level.
    internal: staff see all; organizers their people's stories and others' at partners level or wider;
    partners: partners level or wider; media: media anonymous or wider; public: public only.
    `show_name` says whether the teller may be named (story_names_teller).
    """
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Least
    from django.utils import timezone

    from stories.models import STORY_LEVEL_RANK, Story

    if audience not in story_audiences(actor):
        return Story.objects.none()
    today = timezone.localdate()
    rank = {level.value: value for level, value in STORY_LEVEL_RANK.items()}

    def ranked(field: str) -> Case:
        return Case(*(When(**{field: level}, then=Value(value)) for level, value in rank.items()),
                    default=Value(0), output_field=IntegerField())

    qs = (
        Story.objects.filter(revoked_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .annotate(reach=Least(ranked("consent_level"), ranked("person__story_sharing")))
    )
    if audience == "internal":
        if not is_staff_or_admin(actor):
            qs = qs.filter(Q(person__in=person_scope(actor)) | Q(reach__gte=rank["partners"]))
    elif audience == "partners":
        qs = qs.filter(reach__gte=rank["partners"])
    elif audience == "media":
        qs = qs.filter(reach__gte=rank["media_anonymous"])
    else:
        qs = qs.filter(reach__gte=rank["public"])
    return qs.annotate(show_name=story_names_teller(actor, audience))


def public_story_scope() -> QuerySet[Story]:
    """Stories anyone may read on a public page, signed in or not: live consent whose reach is public. The teller
    is named (`show_name`) only when neither the story nor the person is anonymous, and never a person flagged
    "no online identity" (no public listing names them)."""
    from django.db.models import BooleanField, ExpressionWrapper
    from django.utils import timezone

    from members.models import StorySharing
    from stories.models import Story

    today = timezone.localdate()
    # Public is the widest reach: the story's own level and its teller's must both be public.
    anonymous = (Q(consent_level=StorySharing.MEDIA_ANONYMOUS) | Q(person__story_sharing=StorySharing.MEDIA_ANONYMOUS)
                 | Q(person__no_online_identity=True))
    qs = (
        Story.objects.filter(revoked_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(consent_level=StorySharing.PUBLIC, person__story_sharing=StorySharing.PUBLIC)
    )
    return qs.annotate(show_name=ExpressionWrapper(~anonymous, output_field=BooleanField()))


def may_manage_stories(actor: Actor | None, person: Person) -> bool:
    """Recording a story, its consent and appearances: whoever may change the person."""
    return may_change_person(actor, person)


# Resources: documents for a campaign or a table, shared with an audience.
def resource_scope(actor: Actor | None) -> QuerySet[Resource]:
    """Resources the actor may see: staff all; organizers all but staff-only; partners the partners-level and
    public ones of the tables where their organization has a current seat (directly or through a campaign);
    members the public ones."""
    from campaigns.models import Resource

    if is_staff_or_admin(actor):
        return Resource.objects.all()
    if is_organizer(actor):
        return Resource.objects.exclude(audience=Resource.Audience.STAFF)
    if is_partner(actor):
        tables = table_scope(actor)
        return Resource.objects.filter(
            Q(audience=Resource.Audience.PUBLIC)
            | Q(audience=Resource.Audience.PARTNERS, table__in=tables)
            | Q(audience=Resource.Audience.PARTNERS, campaign__tables__in=tables)
        ).distinct()
    if is_member(actor):
        return Resource.objects.filter(audience=Resource.Audience.PUBLIC)
    return Resource.objects.none()


def public_resource_scope() -> QuerySet[Resource]:
    """Resources anyone may see and download, signed in or not: the public ones of a campaign."""
    from campaigns.models import Resource

    return Resource.objects.filter(audience=Resource.Audience.PUBLIC, campaign__isnull=False)


def may_read_resources(actor: Actor | None) -> bool:
    """The resources page: everyone signed in (what each sees is resource_scope)."""
    return _role(actor) is not None


def may_upload_resources(actor: Actor | None) -> bool:
    """Staff, admins and organizers share documents."""
    return may_work_with_people(actor)


def may_change_resource(actor: Actor | None, resource: Resource) -> bool:
    """Staff and admins change any resource; an organizer the ones they uploaded."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return True
    return is_organizer(user) and resource.uploaded_by_id == user.pk
