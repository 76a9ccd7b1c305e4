from django.urls import path

from . import views

app_name = "campus"
urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/submit/", views.course_submit, name="course_submit"),
    path("courses/<int:pk>/review/", views.course_review, name="course_review"),
    path("courses/<int:pk>/publish/", views.course_publish, name="course_publish"),
    path("courses/<int:pk>/archive/", views.course_archive, name="course_archive"),
    path("courses/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/changes/<int:pk>/", views.revision_review, name="revision_review"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/sites/<int:pk>/", views.site_calendar, name="site_calendar"),
]
