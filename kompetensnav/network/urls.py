from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/memberships/new/",
        views.membership_create,
        name="membership_create",
    ),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("organisations/<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/export/<slug:fmt>/", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/confirm/", views.contact_confirm, name="contact_confirm"),
    path("events/", views.event_list, name="event_list"),
    path("events/calendar/", views.event_calendar, name="event_calendar"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("collaborations/", views.collaboration_list, name="collaboration_list"),
    path("collaborations/new/", views.collaboration_create, name="collaboration_create"),
    path("collaborations/<int:pk>/edit/", views.collaboration_edit, name="collaboration_edit"),
]
