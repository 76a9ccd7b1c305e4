from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kompetensnav.common.filters import FilterDateField, accepted
from kompetensnav.common.forms import Form
from kompetensnav.common.validators import normalise_org_number

from .enums import Gender, RegistrationStatus
from .services import AttendanceMark, Place, PlaceOption

HONEYPOT = "website"
SEARCH_MAX_LENGTH = 100  # longer search text is cut


def place_label(option: PlaceOption) -> str:
    if option.full:
        return _("%(place)s – full: you will be put on the waitlist") % {"place": option.name}
    return ngettext(
        "%(place)s – %(free)s place left",
        "%(place)s – %(free)s places left",
        option.free,
    ) % {"place": option.name, "free": option.free}


class CourseFilterForm(Form):
    q = forms.CharField(
        label=_("Course"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("-first_start", _("Newest first")),
            ("first_start", _("Oldest first")),
            ("title", _("Title A–Ö")),
            ("-registered", _("Most registered first")),
            ("-waitlisted", _("Longest waitlist first")),
        ],
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "-first_start",
        }


class RegistrationFilterForm(Form):
    """The query parameters of a course's list of registrations: a status and a search."""

    status = forms.ChoiceField(
        choices=[("", _("All")), *RegistrationStatus.choices], required=False
    )
    q = forms.CharField(required=False)

    def filters(self) -> dict:
        data = accepted(self)
        return {
            "status": data.get("status") or "",
            "search": (data.get("q") or "").strip()[:SEARCH_MAX_LENGTH],
        }


class TotalsFilterForm(Form):
    """The query parameters of the totals per employer or project: the period (`from`,
    `to`, both optional) and, for employers, a search (`q`)."""

    start = FilterDateField()
    end = FilterDateField()
    q = forms.CharField(required=False)

    def add_prefix(self, field_name: str) -> str:
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def filters(self) -> dict:
        data = accepted(self)
        return {
            "start": data.get("start"),
            "end": data.get("end"),
            "search": (data.get("q") or "").strip()[:SEARCH_MAX_LENGTH],
        }


class RegistrationForm(Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The confirmation and the link to cancel are sent here."),
    )
    place = forms.ChoiceField(
        label=_("Where will you follow the course?"), widget=forms.RadioSelect
    )
    employer_org_number = forms.CharField(
        label=_("Your employer's organisation number"),
        max_length=13,
        required=False,
        help_text=_("NNNNNN-NNNN. Leave both employer fields empty if you take part privately."),
    )
    employer_name = forms.CharField(label=_("Your employer's name"), max_length=200, required=False)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[
            (Gender.FEMALE, Gender.FEMALE.label),
            (Gender.MALE, Gender.MALE.label),
            (Gender.OTHER, Gender.OTHER.label),
            ("", Gender.UNKNOWN.label),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        help_text=_("We ask so that we can report statistics split by gender. Optional."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are stored to handle my registration and attendance"),
        # the retention period of the course (participants/retention.py, set by the view)
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, options: list[PlaceOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(o.place.key, place_label(o)) for o in options]
        if len(options) == 1:
            self.fields["place"].initial = options[0].place.key

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This form looks automated; leave the last field empty."))
        return ""

    def clean_employer_org_number(self) -> str:
        value = self.cleaned_data["employer_org_number"].strip()
        if not value:
            return ""
        try:
            return normalise_org_number(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean_place(self) -> Place:
        return Place.from_key(self.cleaned_data["place"])


class VerifyForm(Form):
    """The public page that checks a certificate: its verification code."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_("As printed on the certificate, e.g. 1234-56-ABCDEFGH."),
    )


class PlaceForm(Form):
    place = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, options: list[PlaceOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(o.place.key, place_label(o)) for o in options]

    def clean_place(self) -> Place:
        return Place.from_key(self.cleaned_data["place"])


def parse_hours(raw: str) -> Decimal | None:
    """A number of hours as typed on a phone: "1,5" or "1.5"; empty → None."""
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ValidationError(_("Write the hours as a number, e.g. 1,5.")) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        raise ValidationError(_("Write the hours as a number with at most two decimals."))
    return value


def hours_text(value) -> str:
    """Hours as a person reads and types them here: "1,5" in Swedish."""
    return number_format(Decimal(value).normalize(), use_l10n=True) if value is not None else ""


class HoursField(forms.Field):
    """Hours as typed on a phone (parse_hours): a number or empty (None)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": "6"})

    def to_python(self, value) -> Decimal | None:
        return parse_hours(str(value) if value is not None else "")


class AttendanceForm(Form):
    """The attendance list of a session: for each person on it (`rows`, from
    selectors.attendance_sheet) a checkbox `present-<participant id>` and the hours
    `hours-<participant id>`, filled from what is recorded (else present for the whole
    session). The button "all_present" marks everyone present for the whole session, whatever
    the list shows. What was typed stays on the page when something is wrong."""

    def __init__(self, data=None, *, rows: list[dict], session):
        self.rows = rows
        self.all_present = data is not None and "all_present" in data
        if self.all_present:
            data = {f"present-{row['participant'].pk}": "on" for row in rows}
        super().__init__(data, auto_id="%s")
        for row in rows:
            pid = row["participant"].pk
            recorded = row["attendance"]
            if recorded is None:
                present, hours = True, hours_text(session.hours)
            else:
                present = recorded.present
                hours = hours_text(recorded.hours) if recorded.present else ""
            self.fields[f"present-{pid}"] = forms.BooleanField(
                label=_("Present"), required=False, initial=present
            )
            self.fields[f"hours-{pid}"] = HoursField(
                label=_("Hours"), required=False, initial=hours
            )

    def marks(self) -> list[AttendanceMark]:
        """The list as the service takes it (valid form only); hours None: the whole session."""
        return [
            AttendanceMark(
                row["participant"].pk,
                self.cleaned_data[f"present-{row['participant'].pk}"],
                self.cleaned_data[f"hours-{row['participant'].pk}"],
            )
            for row in self.rows
        ]

    def add_participant_errors(self, errors: dict[int, str]) -> None:
        """The service's messages per participant (AttendanceErrors), at their hours."""
        for pid, message in errors.items():
            field = f"hours-{pid}"
            self.add_error(field if field in self.fields else None, message)

    def sheet(self) -> list[dict]:
        """The rows with their fields, for the template."""
        return [
            {
                **row,
                "present": self[f"present-{row['participant'].pk}"],
                "hours": self[f"hours-{row['participant'].pk}"],
            }
            for row in self.rows
        ]
