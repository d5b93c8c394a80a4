"""Input shapes for saved lists and audiences. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.idempotency import IdempotentForm
from coalition.models import Region, User
from coalition.widgets import QuickHiddenInput, QuickSelect, QuickTextarea, QuickTextInput
from members.models import SavedList


class _SharingFields(forms.Form):
    name = forms.CharField(label=_("Name of the list"), max_length=120, widget=QuickTextInput)
    description = forms.CharField(label=_("Description"), required=False, widget=QuickTextarea(attrs={"rows": 2}),
                                  help_text=_("Optional: what the list is for."))
    sharing = forms.ChoiceField(label=_("Who sees it"), choices=SavedList.Sharing.choices,
                                initial=SavedList.Sharing.PRIVATE, widget=QuickSelect)
    shared_region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                           to_field_name="slug", empty_label=_("Choose a region"),
                                           help_text=_("When shared with a region's organizers."))

    def __init__(self, *args: Any, actor: User, region_choices: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        """`region_choices` (slug, name) draws the region dropdown from options already read (the people list's
        cached filter options); a submitted value is still checked against the actor's regions."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["shared_region"])
        field.queryset = access.region_filter_scope(actor)
        if region_choices is not None:
            field.widget = QuickSelect(choices=[("", field.empty_label), *region_choices])


class SavedListCreateForm(IdempotentForm, _SharingFields):
    """Save a list: a smart one from the people list's filter (`filter`, its query string), or a fixed one,
    empty or with the ticked people (`person`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SavedList.Kind.choices, initial=SavedList.Kind.SMART,
                             widget=QuickHiddenInput)
    filter = forms.CharField(required=False, widget=QuickHiddenInput, max_length=2000)
    person = forms.TypedMultipleChoiceField(label=_("People"), coerce=int, required=False,
                                            widget=forms.MultipleHiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id may be posted; the service keeps only those in the actor's reach.
        cast(forms.TypedMultipleChoiceField, self.fields["person"]).valid_value = (  # type: ignore[method-assign]
            lambda value: str(value).isdigit())


class SavedListEditForm(_SharingFields):
    """Rename, describe or share a list; `version` is the one the form was drawn at (a stale form is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddToListForm(IdempotentForm):
    """Add people (ticked on the people list, or one from their page) to a fixed list, or to a new one (its key
    makes a double submit one new list; adding the same people again changes nothing)."""

    saved_list = forms.ModelChoiceField(label=_("List"), queryset=SavedList.objects.none(), required=False,
                                        empty_label=_("A new list"))
    new_name = forms.CharField(label=_("Name of the new list"), max_length=120, required=False)
    person = forms.TypedMultipleChoiceField(label=_("People"), coerce=int, required=False,
                                            widget=forms.MultipleHiddenInput)

    def __init__(self, *args: Any, actor: User, lists: list[SavedList], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["saved_list"])
        field.queryset = access.saved_list_scope(actor).filter(pk__in=[lst.pk for lst in lists])
        # Drawn from the lists already read (no query while the page renders); a submitted value is still checked.
        field.widget = forms.Select(choices=[("", field.empty_label), *((lst.pk, lst.name) for lst in lists)])
        cast(forms.TypedMultipleChoiceField, self.fields["person"]).valid_value = (  # type: ignore[method-assign]
            lambda value: str(value).isdigit())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person"):
            self.add_error(None, _("Tick at least one person to add."))
        if data.get("saved_list") is None and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Choose a list, or name a new one."))
        return data


class AudienceForm(forms.Form):
    """Pick an audience (grouped by kind) to see its size and its first people."""

    audience = forms.ChoiceField(label=_("Audience"), required=False)

    def __init__(self, *args: Any, groups: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["audience"]).choices = [("", _("Choose an audience")), *groups]
