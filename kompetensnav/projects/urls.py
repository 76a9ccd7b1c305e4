from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("erasmus/", views.erasmus_overview, name="erasmus"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/partners/new/", views.partner_add, name="partner_add"),
    path("partners/<int:pk>/remove/", views.partner_remove, name="partner_remove"),
    path("<int:pk>/budget/new/", views.budget_line_create, name="budget_line_create"),
    path("budget/<int:pk>/edit/", views.budget_line_edit, name="budget_line_edit"),
    path("budget/<int:pk>/delete/", views.budget_line_delete, name="budget_line_delete"),
    path("<int:pk>/mobilities/", views.mobility_list, name="mobility_list"),
    path("<int:pk>/mobilities/new/", views.mobility_create, name="mobility_create"),
    path("mobilities/<int:pk>/edit/", views.mobility_edit, name="mobility_edit"),
    path("mobilities/<int:pk>/delete/", views.mobility_delete, name="mobility_delete"),
    path("<int:pk>/incoming/new/", views.incoming_group_create, name="incoming_group_create"),
    path(
        "<int:pk>/participants/<slug:fmt>/",
        views.participant_report,
        name="participant_report",
    ),
    path("<int:pk>/identity-numbers/", views.identity_numbers, name="identity_numbers"),
]
