"""A server process settles before its first request (common/startup.py, from
config/wsgi.py): every view imported and what is loaded so far frozen out of the garbage
collector's sight."""

from tests.processes import python

PROBE = """
import gc, sys
import config.wsgi
print(gc.get_freeze_count())
print("kompetensnav.visits.views" in sys.modules, "kompetensnav.campus.views" in sys.modules)
"""


def test_the_wsgi_application_settles_before_its_first_request():
    done = python(
        PROBE,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x7Gq2-" * 10,
        ALLOWED_HOSTS="kompetensnav.example.org",
        SITE_URL="https://kompetensnav.example.org",
        DATABASE_URL="sqlite:////tmp/kompetensnav-startup-check.sqlite3",
    )
    assert done.returncode == 0, done.stderr
    frozen, views = done.stdout.split("\n")[:2]
    assert int(frozen) > 50_000  # the application's modules, classes and functions
    assert views == "True True"  # every view imported before the first request
