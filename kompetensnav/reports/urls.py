from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("figures.pdf", views.figures_pdf, name="figures_pdf"),
]
