from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.common.forms import Form

from .models import MAX_UPLOAD_BYTES
from .registry import KINDS
from .tables import MAX_IMPORT_ROWS, TableError, read_head

ALLOWED_SUFFIXES = (".csv", ".xlsx")


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((name, kind.label) for name, kind in KINDS.items()), key=lambda c: c[1])


class UploadForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=kind_choices,
        help_text=gettext_lazy("The columns of each kind are listed below."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    source = forms.CharField(
        label=gettext_lazy("Where the file comes from (optional)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "E.g. “Questback” or “the contact list”. Columns you choose by hand in the preview "
            "are remembered for the source and used for its next file."
        ),
        widget=forms.TextInput(attrs={"list": "import-sources", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A .csv file (UTF-8 or Windows-1252; comma, semicolon or tab between the values) or "
            "an .xlsx file, with a header row that names the columns by their codes below or "
            "as a spreadsheet usually does (Namn, Organisationsnummer, E-post…); at most "
            "%(size)s and %(rows)s rows."
        ) % {
            "size": filesizeformat(MAX_UPLOAD_BYTES),
            "rows": number_format(MAX_IMPORT_ROWS, force_grouping=True),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_UPLOAD_BYTES),
                }
            )
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            # only the head of the file here: the worker reads every row
            head = read_head(content, f"upload{suffix}")
        except TableError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if head.has_rows is False:
            raise forms.ValidationError(_("The file has a header row but no rows to import."))
        self.content = content
        return upload


LEAVE_OUT = ""


class ColumnsForm(Form):
    """The file's header cells, each read as one of the kind's columns or left out, for the
    user to change in the preview. Fields are numbered by position (a cell may hold any
    text); `columns()` gives {cell: code or ""}."""

    def __init__(self, *args, kind, header: list[str], reading, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.header = header
        required = kind.required_names()
        choices = [(LEAVE_OUT, _("Leave out (not imported)"))] + [
            (name, f"{name} ({_('required')})" if name in required else name)
            for name in kind.column_names()
        ]
        read_as = dict(zip(reading.kept, reading.header, strict=True))  # position → column
        for position, cell in enumerate(header):
            code = read_as.get(position, LEAVE_OUT)
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=cell or _("(empty header cell)"),
                choices=choices,
                required=False,
                initial=code if code in kind.column_names() else LEAVE_OUT,
            )

    def columns(self) -> dict[str, str]:
        return {
            cell: self.cleaned_data.get(f"column_{position}") or LEAVE_OUT
            for position, cell in enumerate(self.header)
        }
