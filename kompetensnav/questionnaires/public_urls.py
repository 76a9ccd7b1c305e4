"""Public pages (no login) of the questionnaires app."""

from django.urls import path

from . import public_views

app_name = "survey"
urlpatterns = [
    path("thanks/", public_views.thanks, name="thanks"),
    path("i/<slug:token>/", public_views.invitation, name="invitation"),
    path("<slug:token>/", public_views.answer, name="answer"),
]
