"""manage.py match [--top K] [--json]: for every need in the database, the published courses
that can meet it, best first (docs/interchange.md). The same code as the pages: needs and
courses without an embedding yet are embedded first."""

import json

from django.core.management.base import BaseCommand, CommandError

from kompetensnav.analysis import services


class Command(BaseCommand):
    help = "Rank, for every need, the published courses that can meet it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--top", type=int, default=3, help="at most K courses a need")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="one JSON object on stdout"
        )

    def handle(self, *args, top: int, as_json: bool, **options) -> None:
        if top < 1:
            raise CommandError("--top must be at least 1")
        ranking = services.match_all(top_k=top)
        if as_json:
            self.stdout.write(_dumps(ranking))
            return
        for need_id, courses in ranking.items():
            if not courses:
                self.stdout.write(f"{need_id}: no adequate course")
                continue
            listed = ", ".join(f"{course_id} ({score:.3f})" for course_id, score in courses)
            self.stdout.write(f"{need_id}: {listed}")


def _dumps(ranking) -> str:
    return json.dumps(
        {
            need: [[course, round(score, 4)] for course, score in courses]
            for need, courses in ranking.items()
        },
        ensure_ascii=False,
    )
