from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kompetensnav.api.api import api

urlpatterns = [
    path("", include("kompetensnav.common.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("kompetensnav.accounts.urls")),
    path("network/", include("kompetensnav.network.urls")),
    path("competences/", include("kompetensnav.competences.urls")),
    path("companies/", include("kompetensnav.companies.urls")),
    path("questionnaires/", include("kompetensnav.questionnaires.urls")),
    path("survey/", include("kompetensnav.questionnaires.public_urls")),
    path("visits/", include("kompetensnav.visits.urls")),
    path("campus/", include("kompetensnav.campus.urls")),
    path("courses/", include("kompetensnav.campus.public_urls")),
    path("participants/", include("kompetensnav.participants.urls")),
    path("register/", include("kompetensnav.participants.public_urls")),
    path("projects/", include("kompetensnav.projects.urls")),
    path("analysis/", include("kompetensnav.analysis.urls")),
    path("audit/", include("kompetensnav.audit.urls")),
    path("notifications/", include("kompetensnav.notifications.urls")),
    path("import/", include("kompetensnav.interchange.urls")),
    path("reports/", include("kompetensnav.reports.urls")),
    path("collaboration/", include("kompetensnav.collaboration.urls")),
    path("integrations/webhooks/", include("kompetensnav.api.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# The site's pages, or JSON problems under /api/ (and a 503 when the database is down).
handler404 = "kompetensnav.common.errors.page_not_found"
handler500 = "kompetensnav.common.errors.server_error"

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
handler429 = "kompetensnav.common.views.too_many_requests"
