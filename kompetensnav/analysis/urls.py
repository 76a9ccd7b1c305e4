from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("unmet/", views.unmet_needs, name="unmet_needs"),
    path("unmet/propose/", views.course_propose, name="course_propose"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("courses/<int:pk>/needs/", views.course_needs, name="course_needs"),
    path(
        "visits/<int:visit>/tell/<int:course>/",
        views.course_tip,
        name="course_tip",
    ),
]
