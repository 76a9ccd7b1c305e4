"""Public pages (no login): registration, cancellation, certificates by link."""

from django.urls import path  # noqa: F401

app_name = "registration"
urlpatterns: list = []
