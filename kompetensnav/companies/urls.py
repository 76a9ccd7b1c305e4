from django.urls import path

from . import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("new/", views.company_create, name="company_create"),
    path("search/", views.company_search, name="company_search"),
    path("<int:pk>/", views.company_detail, name="company_detail"),
    path("<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("<int:pk>/merge/", views.company_merge, name="company_merge"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
]
