"""Public pages (no login) of the questionnaires app."""

from django.urls import path  # noqa: F401

app_name = "survey"
urlpatterns: list = []
