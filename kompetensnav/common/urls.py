from django.urls import path

from . import views

app_name = "common"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("health/", views.health, name="health"),
    path("people-data/", views.person_data, name="person_data"),
]
