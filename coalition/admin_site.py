"""The back office: Django's admin, for admins only. Anyone else signed in gets 404; sign-in is allauth's."""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.widgets import AutocompleteMixin, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from coalition import access

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _is_value_of(field: Any, value: Any) -> bool:
    """Whether submitted text is something `field` can hold, so looking it up cannot fail in the database."""
    try:
        prepared = field.get_prep_value(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(prepared, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or low <= prepared) and (high is None or prepared <= high)
    return True


class _KnownValuesOnly(AutocompleteMixin):
    """Django's autocomplete widgets look up the submitted value as it is when a form is shown again with its
    errors; a value the field cannot hold would fail there, so only the others are looked up."""

    def optgroups(self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
                  ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return super().optgroups(name, [v for v in value if _is_value_of(target, v)], attr)


class _AutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class _AutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


# Mixed into model admins and inlines alike, so at run time it stands on nothing; mypy reads it as a ModelAdmin.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class ValidInputAdmin(_AdminBase):
    """Mixed into every model admin and inline of the back office: rows selected for an action and values of
    autocomplete fields that no row could have are answered with a message or a form error, not a crash."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        pk = self.model._meta.pk
        if not all(_is_value_of(pk, value) for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)):
            self.message_user(request, _("Some of the selected rows do not exist. Select them again."),
                              messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


def _with_valid_input(admin_class: type) -> type:
    """`admin_class` with ValidInputAdmin mixed in, and into its inlines."""
    if issubclass(admin_class, ValidInputAdmin):
        return admin_class
    namespace: dict[str, Any] = {"__module__": admin_class.__module__}
    if hasattr(admin_class, "inlines"):
        namespace["inlines"] = [_with_valid_input(inline) for inline in admin_class.inlines]
    return types.new_class(admin_class.__name__, (ValidInputAdmin, admin_class),
                           exec_body=lambda body: body.update(namespace))


class BackOfficeSite(admin.AdminSite):
    site_header = "Coalition CRM back office"
    site_title = "Coalition CRM"

    def register(self, model_or_iterable: Any, admin_class: type | None = None, **options: Any) -> None:
        """Every model admin, Django's and allauth's too, is registered with ValidInputAdmin mixed in."""
        super().register(model_or_iterable, _with_valid_input(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return access.is_admin(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not access.is_admin(request.user):
                raise Http404
            return inner(request, *args, **kwargs)

        # The same call signature as the view it guards; the admin only calls it.
        return cast(View, guarded)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and not access.is_admin(request.user):
            raise Http404
        next_url = request.GET.get("next", reverse("admin:index"))
        return HttpResponseRedirect(reverse("account_login") + "?" + urlencode({"next": next_url}))


class BackOfficeConfig(AdminConfig):
    default_site = "coalition.admin_site.BackOfficeSite"
