"""The broadcast forms: compose (audience, channel, the English and Spanish versions) and send (now or later)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import DateTimeInput
from coalition.idempotency import IdempotentForm
from messaging import broadcast_text, reach
from messaging.models import Broadcast

SMS_HELP = _("Merge fields: {preferred_name} for everyone; {event}, {bus}, {pickup_time} and {rsvp_link} for an "
             "event's RSVPs or a bus.")


class BroadcastForm(IdempotentForm):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For you and your team; people never see it."))
    audience = forms.ChoiceField(label=_("Audience"), help_text=_("You can send only to the people you can reach."))
    mode = forms.ChoiceField(label=_("Channel"), choices=Broadcast.Mode.choices, widget=forms.RadioSelect,
                             initial=Broadcast.Mode.SMS)
    sms_en = forms.CharField(label=_("Text message in English"), required=False, help_text=SMS_HELP,
                             widget=forms.Textarea(attrs={"rows": 4}))
    sms_es = forms.CharField(label=_("Text message in Spanish"), required=False,
                             help_text=_("People whose language is Spanish get this one; without it, the English."),
                             widget=forms.Textarea(attrs={"rows": 4}))
    email_subject_en = forms.CharField(label=_("Email subject in English"), max_length=200, required=False)
    email_body_en = forms.CharField(label=_("Email in English"), required=False, help_text=SMS_HELP,
                                    widget=forms.Textarea(attrs={"rows": 8}))
    email_subject_es = forms.CharField(label=_("Email subject in Spanish"), max_length=200, required=False)
    email_body_es = forms.CharField(label=_("Email in Spanish"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = reach.audiences().choices(actor)
        audience: Any = self.fields["audience"]
        audience.choices = [("", _("Pick an audience")), *groups]
        for name in ("sms_en", "sms_es"):
            self.fields[name].widget.attrs["data-max-segments"] = str(broadcast_text.MAX_SEGMENTS)


class SendForm(forms.Form):
    when = forms.ChoiceField(label=_("When"), choices=[("now", _("Send now")), ("later", _("Schedule it"))],
                             widget=forms.RadioSelect, initial="now")
    scheduled_for = forms.DateTimeField(label=_("Send at (Chicago time)"), required=False, widget=DateTimeInput(),
                                        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "later" and not data.get("scheduled_for"):
            self.add_error("scheduled_for", _("Pick the date and time to send it."))
        if data.get("when") != "later":
            data["scheduled_for"] = None
        return data
