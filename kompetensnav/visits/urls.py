from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    # not the app root: the menu marks an item active for every page below its address
    path("list/", views.visit_list, name="visit_list"),
    path("new/", views.visit_create, name="visit_create"),
    path("drafts/<int:pk>/discard/", views.draft_delete, name="draft_delete"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("<int:pk>/delete/", views.visit_delete, name="visit_delete"),
    path("follow-ups/", views.followups, name="followups"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("follow-ups/<int:pk>/reschedule/", views.followup_reschedule, name="followup_reschedule"),
    path("plan/", views.plan_list, name="plan_list"),
    path("plan/new/", views.plan_create, name="plan_create"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("needs/", views.dashboard, name="dashboard"),
    path("needs/list/", views.need_list, name="need_list"),
    path("needs/export/<slug:fmt>/", views.dashboard_export, name="dashboard_export"),
]
