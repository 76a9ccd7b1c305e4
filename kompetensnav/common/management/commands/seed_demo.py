"""Build the fictional demo network. Each app contributes its part in a `demo.py` module with
`seed(context)`, called in INSTALLED_APPS order, so later features extend the demo in place.
A demo module may also define `present()`, naming what of its app the database already holds
("" when none): the demo is only added to a database where no module finds anything."""

import importlib
import random
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kompetensnav.common.demodata import DemoContext
from kompetensnav.common.mail import send_email_task


def _refresh_statistics() -> None:
    """PostgreSQL plans queries by its table statistics, and autovacuum cannot see rows not yet
    committed: after a bulk load in one transaction the tables look empty, and the next app's
    seed (or a results page in a test) gets nested loops over thousands of rows (minutes
    instead of milliseconds). ANALYZE counts this transaction's own rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _demo_modules() -> list[tuple[str, ModuleType]]:
    """(app label, demo module) of our apps that have one, in INSTALLED_APPS order."""
    modules = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.demo"
        if app.name.startswith("kompetensnav.") and find_spec(module_name) is not None:
            modules.append((app.label, importlib.import_module(module_name)))
    return modules


class Command(BaseCommand):
    help = "Fill the database with a fictional demo network (refuses to run when DEBUG is off)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds data (organisations, say).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args: str, if_empty: bool, seed: int, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=true: demo users have a known password "
                "and must never reach a production database."
            )
        modules = _demo_modules()
        present = [
            found for _label, m in modules if hasattr(m, "present") and (found := m.present())
        ]
        if present:
            if if_empty:
                self.stdout.write("The database already has data; demo data not loaded.")
                return
            raise CommandError(
                f"The database already has {', '.join(present)}. Use an empty database "
                "(or --if-empty to skip quietly)."
            )
        context = DemoContext(rng=random.Random(seed))
        with transaction.atomic():
            for label, module in modules:
                module.seed(context)
                _refresh_statistics()
                self.stdout.write(f"  {label}: {module.summary(context)}")
        # The demo's invitations and confirmations were queued as e-mails when it committed;
        # the fictional people get none.
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=send_email_task.module_path
        ).delete()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
