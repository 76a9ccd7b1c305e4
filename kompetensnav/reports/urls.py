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
]
