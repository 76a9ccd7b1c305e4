from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("act-for/", views.switch_affiliation, name="switch_affiliation"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/account-access/", views.user_set_active, name="user_set_active"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
