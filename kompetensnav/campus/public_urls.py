"""Public pages (no login) of the campus app: the catalogue of published courses and the
iCalendar feeds of published sessions."""

from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="course_list"),
    path("<int:pk>/", views.catalogue_course, name="course_detail"),
    path("<int:pk>/calendar.ics", views.course_ical, name="course_ical"),
    path("sites/<int:pk>/calendar.ics", views.site_ical, name="site_ical"),
]
