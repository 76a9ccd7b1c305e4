from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.questionnaire_list, name="questionnaire_list"),
    path("new/", views.questionnaire_create, name="questionnaire_create"),
    path("import/", views.questionnaire_import, name="questionnaire_import"),
    path("<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("<int:pk>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("<int:pk>/export/", views.questionnaire_export, name="questionnaire_export"),
    path("<int:pk>/versions/", views.version_list, name="version_list"),
    path("<int:pk>/distribution/", views.distribution, name="distribution"),
    path("<int:pk>/invitations/", views.invitation_send, name="invitation_send"),
    path("<int:pk>/invitations/remind/", views.invitation_remind, name="invitation_remind"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/texts/<slug:key>/", views.result_texts, name="result_texts"),
    path(
        "<int:pk>/results/export/<slug:kind>/<slug:fmt>/",
        views.results_export,
        name="results_export",
    ),
    path("<int:pk>/answers/import/", views.answer_import_upload, name="answer_import_upload"),
    path("answer-imports/<int:pk>/", views.answer_import_map, name="answer_import_map"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/new/", views.version_new, name="version_new"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
]
