from django.urls import path

from . import views

app_name = "participants"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("courses/<int:pk>/", views.course_registrations, name="course_registrations"),
    path("courses/<int:pk>/evaluation/", views.course_evaluation, name="course_evaluation"),
    path("courses/<int:pk>/export/<slug:fmt>/", views.course_export, name="course_export"),
    path("courses/<int:pk>/waitlist/fill/", views.waitlist_fill, name="waitlist_fill"),
    path(
        "courses/<int:course_pk>/people/<int:pk>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("registrations/<int:pk>/move/", views.registration_move, name="registration_move"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("people/<int:pk>/", views.participant_detail, name="participant_detail"),
    path("people/<int:pk>/data/<slug:fmt>/", views.participant_data, name="participant_data"),
    path("people/<int:pk>/erase/", views.participant_erase, name="participant_erase"),
    path("employers/", views.employer_totals, name="employer_totals"),
    path(
        "employers/<int:pk>/certificates.pdf",
        views.employer_certificates,
        name="employer_certificates",
    ),
    path("projects/", views.project_totals, name="project_totals"),
]
