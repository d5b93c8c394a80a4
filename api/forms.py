"""The admins' forms for API tokens and webhooks."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookEvent
from coalition import access
from coalition.idempotency import IdempotentForm
from coalition.models import Region
from coalition.pickers import OrganizationChoiceField


class TokenForm(IdempotentForm):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("Which tool uses it, e.g. “Safer Foundation's Action Network”."))
    scope = forms.ChoiceField(label=_("What it may reach"), choices=ApiToken.Scope.choices)
    region = forms.ModelChoiceField(label=_("Region (for a region token)"), queryset=Region.objects.none(),
                                    required=False)
    organization = OrganizationChoiceField(label=_("Partner organization (for a partner token)"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = access.region_scope(actor)  # type: ignore[attr-defined]
        cast(OrganizationChoiceField, self.fields["organization"]).for_actor(actor)


class WebhookForm(IdempotentForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.URLField(label=_("Address (URL) that receives the events"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events to send"), choices=WebhookEvent.choices,
                                       widget=forms.CheckboxSelectMultiple)
