from django.urls import path

from .views import actors, councils, initiatives, overview

app_name = "collaboration"

# --- the overview ---------------------------------------------------------------------------
overview_urls = [
    path("", overview.overview, name="overview"),
]

# --- actors and the maps ------------------------------------------------------------------
actor_urls = [
    path("actors/", actors.actor_list, name="actor_list"),
    path("actors/new/", actors.actor_create, name="actor_create"),
    path("actors/<int:pk>/", actors.actor_detail, name="actor_detail"),
    path("actors/<int:pk>/edit/", actors.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/delete/", actors.actor_delete, name="actor_delete"),
    path("map/", actors.actor_map, name="actor_map"),
    path("map/pdf/", actors.actor_map_pdf, name="actor_map_pdf"),
    path("coverage/", actors.coverage, name="coverage"),
]

# --- industry councils --------------------------------------------------------------------
council_urls = [
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_create, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path("councils/<int:pk>/edit/", councils.council_edit, name="council_edit"),
    path("councils/<int:pk>/delete/", councils.council_delete, name="council_delete"),
    path("councils/<int:pk>/feed/renew/", councils.council_feed_renew, name="council_feed_renew"),
    path("councils/feed/<str:key>.ics", councils.council_feed, name="council_feed"),
    path("councils/<int:pk>/members/new/", councils.member_add, name="member_add"),
    path("members/<int:pk>/edit/", councils.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", councils.member_remove, name="member_remove"),
    path("councils/<int:pk>/meetings/new/", councils.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", councils.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", councils.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", councils.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/decisions/new/", councils.decision_add, name="decision_add"),
    path("decisions/<int:pk>/delete/", councils.decision_delete, name="decision_delete"),
    path("councils/<int:pk>/actions/new/", councils.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", councils.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", councils.action_status, name="action_status"),
    path("actions/<int:pk>/delete/", councils.action_delete, name="action_delete"),
]

# --- priorities and initiatives -----------------------------------------------------------
initiative_urls = [
    path("priorities/", initiatives.priority_list, name="priority_list"),
    path("priorities/new/", initiatives.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", initiatives.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", initiatives.priority_delete, name="priority_delete"),
    path("initiatives/", initiatives.initiative_list, name="initiative_list"),
    path("initiatives/new/", initiatives.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", initiatives.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/delete/", initiatives.initiative_delete, name="initiative_delete"),
    path("initiatives/<int:pk>/links/", initiatives.initiative_links, name="initiative_links"),
    path(
        "initiatives/<int:pk>/links/remove/",
        initiatives.initiative_unlink,
        name="initiative_unlink",
    ),
    path("cycle/", initiatives.cycle, name="cycle"),
    path("cycle/pdf/", initiatives.cycle_pdf, name="cycle_pdf"),
]

urlpatterns = [*overview_urls, *actor_urls, *council_urls, *initiative_urls]
