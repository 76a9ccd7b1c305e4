"""Small numbers in shared figures: the one rule every shared output of the key figures
applies (the key figures page and its XLSX and PDF, the annual report, the API's /figures and
the text of `manage.py figures`). `manage.py figures --json` prints the exact figures: it is
the interchange contract, run by whoever operates the database.

The rule, with THRESHOLD = 5 (docs/interchange.md says the same in words):

1. Cells that count people. A breakdown whose cells count people and add up to a total that
   is shown (participants_by_gender adds up to participants_attended) hides its cells as soon
   as one of them counts 1–4 people. Then every cell below 5 is hidden, the empty ones too,
   so what is hidden says no more than "fewer than 5" (were only the cells of 1–4 hidden, the
   zeros shown beside them would tell which cell the few people are in). Such a cell reads
   "< 5".
2. The complementary cell. When that hides only one cell, the smallest other cell (the first
   in the breakdown's order on a tie) is hidden too: one hidden cell would be the total minus
   the cells shown. It reads "not shown", because it counts 5 or more.
3. Figures about the people a count counts. A figure computed from the hours of the
   participants who attended (the total, the mean and the largest sum of one participant's
   hours) is not shown when 1–4 participants attended: with one participant it is that
   person's hours. The same figure month by month hides the months with 1–4 participants,
   by rules 1 and 2 over the months (their hours add up to the year's total).

Counts of people that are not broken down (participants_registered, participants_attended)
are shown: the number of people alone tells nothing about any of them. Two periods that
differ by a day can still be compared by subtraction; the rule does not prevent that."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import pgettext

THRESHOLD = 5


@dataclass(frozen=True)
class Hidden:
    """A value a shared view does not show. `few`: a count of fewer than THRESHOLD people
    ("< 5"); otherwise a value hidden by rule 2 or 3 ("not shown")."""

    few: bool = False

    def __str__(self) -> str:
        if self.few:
            return f"< {THRESHOLD}"
        # Translators: in a table of figures, a value hidden so that nobody can be singled
        # out; Swedish "visas ej"
        return pgettext("suppressed figure", "not shown")


def is_few(people: int) -> bool:
    return 0 < people < THRESHOLD


def hidden_cells[K: Hashable](people: Mapping[K, int]) -> set[K]:
    """The cells of a breakdown to hide (rules 1 and 2), from how many people each cell
    counts or is about."""
    if not any(is_few(n) for n in people.values()):
        return set()
    hidden = {key for key, n in people.items() if n < THRESHOLD}
    if len(hidden) == 1:
        others = [key for key in people if key not in hidden]
        if others:
            hidden.add(min(others, key=lambda key: people[key]))
    return hidden


def suppress(
    values: Mapping[str, object],
    *,
    breakdowns: Mapping[str, str],
    about_people: Mapping[str, str],
) -> dict[str, object]:
    """One period's figures (as compute() returns them) as a shared view may show them:
    hidden values become Hidden, everything else is unchanged. `breakdowns` names the
    dict-valued figures whose cells count people (rules 1 and 2), `about_people` the figures
    computed from the people another figure counts (rule 3), as the figures' declarations say
    (registry.share() passes them)."""
    shared = dict(values)
    for key in breakdowns:
        cells = values.get(key)
        if not isinstance(cells, dict):
            continue
        hide = hidden_cells(cells)
        shared[key] = {
            part: Hidden(few=n < THRESHOLD) if part in hide else n for part, n in cells.items()
        }
    for key, people_key in about_people.items():
        people = values.get(people_key)
        if key in values and isinstance(people, int) and is_few(people):
            shared[key] = Hidden()
    return shared


def suppress_series(values: Sequence[object], people: Sequence[int]) -> list[object]:
    """A figure about people period by period (e.g. a year's months; rule 3), where
    people[i] is how many people values[i] is about."""
    hide = hidden_cells(dict(enumerate(people)))
    return [Hidden() if index in hide else value for index, value in enumerate(values)]


def hidden_keys(shared: Mapping[str, object]) -> list[str]:
    """The keys of the hidden values, a dict-valued figure's as `key.part`, in order."""
    found = []
    for key, value in shared.items():
        if isinstance(value, Hidden):
            found.append(key)
        elif isinstance(value, dict):
            found += [f"{key}.{part}" for part, v in value.items() if isinstance(v, Hidden)]
    return found


def as_plain(value: object, *, text: bool = False) -> object:
    """The value with every Hidden replaced by None (for JSON) or, with `text`, by what it
    reads ("< 5", "not shown")."""
    if isinstance(value, Hidden):
        return str(value) if text else None
    if isinstance(value, dict):
        return {key: as_plain(v, text=text) for key, v in value.items()}
    return value
