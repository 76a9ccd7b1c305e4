"""Public pages (no login) of the campus app."""

from django.urls import path  # noqa: F401

app_name = "catalogue"
urlpatterns: list = []
