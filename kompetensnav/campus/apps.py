from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampusConfig(AppConfig):
    name = "kompetensnav.campus"
    label = "campus"
    verbose_name = _("Campus")

    def ready(self) -> None:
        from kompetensnav.common.navigation import NavItem, register

        register(
            NavItem(_("Courses"), "campus:course_list", "campus.view_courses", 600),
            NavItem(_("Review queue"), "campus:review_queue", "campus.review_courses", 610),
        )

        from kompetensnav.common import panels
        from kompetensnav.notifications import kinds

        from . import notices, receivers  # noqa: F401 - receivers connect themselves
        from . import panels as campus_panels

        kinds.register(*notices.KINDS)

        panels.register(
            panels.Panel("home", "campus/partials/home_review.html", campus_panels.home, 15)
        )
