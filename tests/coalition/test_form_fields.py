"""The forms partial: the error summary, error and help wiring, and the keyboard each kind of field gets
(docs/howto.md#forms-that-help)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coalition.models import County


class AboutSomeone(forms.Form):
    first_name = forms.CharField(label="First name", help_text="As they say it")
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", required=False)
    born_on = forms.DateField(label="Date", required=False)
    guests = forms.IntegerField(label="Guests", required=False)
    name = forms.CharField(label="Organization name", required=False)


class AboutMe(AboutSomeone):
    autofill_self = True


def tag(html: str, name: str) -> str:
    match = re.search(rf'<(input|select|textarea)\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no field {name} in {html}"
    return match.group(0)


def test_each_kind_of_field_gets_its_keyboard_and_no_autofill_of_the_organizers_own_details() -> None:
    html = render_to_string("partials/_form_fields.html", {"form": AboutSomeone()})
    assert 'type="tel"' in tag(html, "phone") and 'inputmode="tel"' in tag(html, "phone")
    assert 'autocomplete="off"' in tag(html, "phone")
    assert 'type="email"' in tag(html, "email") and 'inputmode="email"' in tag(html, "email")
    assert 'autocomplete="off"' in tag(html, "email") and 'autocapitalize="off"' in tag(html, "email")
    assert 'type="date"' in tag(html, "born_on")
    assert 'inputmode="numeric"' in tag(html, "guests")
    assert 'autocapitalize="words"' in tag(html, "first_name") and 'autocomplete="off"' in tag(html, "first_name")
    assert "autocomplete" not in tag(html, "name"), "an organization's name is not the person's"
    assert 'aria-describedby="id_first_name_helptext"' in tag(html, "first_name")
    assert 'id="id_first_name_helptext"' in html
    assert "data-error-summary" not in html


def test_a_form_about_the_person_filling_it_in_gets_autofill() -> None:
    html = render_to_string("partials/_form_fields.html", {"form": AboutMe()})
    assert 'autocomplete="given-name"' in tag(html, "first_name")
    assert 'autocomplete="email"' in tag(html, "email")
    assert 'autocomplete="tel"' in tag(html, "phone")
    assert 'autocomplete="name"' in tag(html, "name")


def test_a_date_typed_in_spanish_comes_back_as_an_iso_date_for_the_picker() -> None:
    with translation.override("es"):
        html = render_to_string("partials/_form_fields.html", {"form": AboutSomeone(initial={"born_on": "2026-03-09"})})
    assert 'value="2026-03-09"' in tag(html, "born_on")


def test_errors_are_summarised_first_linked_to_fields_and_what_was_typed_is_kept() -> None:
    form = AboutSomeone({"first_name": "", "email": "not-an-email", "phone": "312"})
    form.add_error(None, "Something about the whole form.")
    html = render_to_string("partials/_form_fields.html", {"form": form})
    summary = html[html.index("data-error-summary"): html.index("</div>")]
    assert html.lstrip().startswith('<div class="error-summary'), "the summary comes first"
    assert 'role="alert"' in html[: html.index("data-error-summary") + 30]
    assert "Something about the whole form." in summary
    assert 'href="#id_first_name"' in summary and 'href="#id_email"' in summary
    first, email = tag(html, "first_name"), tag(html, "email")
    assert 'aria-invalid="true"' in first and 'aria-invalid="true"' in email
    assert 'aria-describedby="id_first_name_helptext id_first_name_error"' in first
    assert 'aria-describedby="id_email_error"' in email
    assert html.count('id="id_email_error"') == 1
    assert 'value="not-an-email"' in email and 'value="312"' in tag(html, "phone")
    assert 'aria-invalid' not in tag(html, "guests")


@pytest.mark.django_db
def test_an_organizers_people_filters_offer_only_their_region_and_its_counties(client, organizer_chicago, staff):
    client.force_login(organizer_chicago)
    form = client.get(reverse("members:person_list")).context["filter"].form
    chicago = set(County.objects.filter(region=organizer_chicago.region).values_list("pk", flat=True))
    assert chicago and set(form.fields["county"].queryset.values_list("pk", flat=True)) == chicago
    html = client.get(reverse("members:person_list")).content.decode()
    county_select = re.search(r'<select[^>]*name="county".*?</select>', html, re.S)
    assert county_select and county_select.group(0).count("<option") == len(chicago) + 1
    assert [r.slug for r in form.fields["region"].queryset] == [organizer_chicago.region.slug]
    elsewhere = County.objects.exclude(region=organizer_chicago.region).first()
    refused = client.get(reverse("members:person_list"), {"county": elsewhere.pk}).context["filter"].form
    assert "county" in refused.errors

    client.force_login(staff)
    html = client.get(reverse("members:person_list")).content.decode()
    county_select = re.search(r'<select[^>]*name="county".*?</select>', html, re.S)
    assert county_select and county_select.group(0).count("<option") == County.objects.count() + 1 == 103
