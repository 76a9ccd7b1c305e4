"""docs/interchange.md's tables of the key figures follow the figures' declarations: what
`manage.py figure_definitions` prints from them is in the document, word for word."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from kompetensnav.figures import registry


def test_the_documents_definition_tables_are_the_declarations():
    out = io.StringIO()
    call_command("figure_definitions", stdout=out)
    contract, additions = out.getvalue().strip().split("\n\n")
    document = (Path(settings.BASE_DIR) / "docs" / "interchange.md").read_text()
    hint = "run `manage.py figure_definitions` and paste its tables into docs/interchange.md"
    assert contract in document, hint
    assert additions in document, hint
    rows = [line for line in (contract + additions).splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0][2:] for row in rows if row != "| key | definition |"] == [
        *registry.order()
    ]
