from django.urls import path

from . import views

app_name = "interchange"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("history/", views.job_list, name="job_list"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/columns/", views.job_columns, name="job_columns"),
    path("<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
]
