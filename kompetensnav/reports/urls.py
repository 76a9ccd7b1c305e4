from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("figures.pdf", views.figures_pdf, name="figures_pdf"),
    path("annual/", views.annual, name="annual"),
    path("annual/generate/", views.annual_generate, name="annual_generate"),
    path("annual/<int:pk>/", views.annual_job, name="annual_job"),
    path("annual/<int:pk>/report.pdf", views.annual_job_pdf, name="annual_job_pdf"),
    path("annual/<int:pk>/report.xlsx", views.annual_job_xlsx, name="annual_job_xlsx"),
    path("annual/<int:pk>/delete/", views.annual_job_delete, name="annual_job_delete"),
    path("annual/<int:pk>/cancel/", views.annual_job_cancel, name="annual_job_cancel"),
    path("competence/", views.competence, name="competence"),
    path("competence/new/", views.competence_create, name="competence_create"),
    path("competence/<int:pk>/", views.competence_report, name="competence_report"),
    path("competence/<int:pk>/texts/", views.competence_texts, name="competence_texts"),
    path("competence/<int:pk>/preview/", views.competence_preview, name="competence_preview"),
    path("competence/<int:pk>/publish/", views.competence_publish, name="competence_publish"),
    path("competence/<int:pk>/delete/", views.competence_delete, name="competence_delete"),
    path("competence/versions/<int:pk>/", views.competence_version, name="competence_version"),
    path(
        "competence/versions/<int:pk>/analysis.pdf",
        views.competence_version_pdf,
        name="competence_version_pdf",
    ),
    path(
        "competence/versions/<int:pk>/analysis.xlsx",
        views.competence_version_xlsx,
        name="competence_version_xlsx",
    ),
    path(
        "competence/versions/<int:pk>/cancel/",
        views.competence_version_cancel,
        name="competence_version_cancel",
    ),
]
