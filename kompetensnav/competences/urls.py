from django.urls import path

from . import views

app_name = "competences"
urlpatterns = [
    path("", views.area_list, name="area_list"),
    path("new/", views.area_create, name="area_create"),
    path("<int:pk>/", views.area_detail, name="area_detail"),
    path("<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("<int:pk>/synonyms/", views.synonym_add, name="synonym_add"),
    path("synonyms/<int:pk>/delete/", views.synonym_remove, name="synonym_remove"),
    path("<int:pk>/merge/", views.area_merge, name="area_merge"),
]
