from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("deliveries/<int:pk>/send-again/", views.delivery_retry, name="delivery_retry"),
]
