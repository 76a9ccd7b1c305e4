"""Public pages (no login): registration, cancellation, certificates by link."""

from django.urls import path

from . import public_views

app_name = "registration"
urlpatterns = [
    path("course/<int:pk>/", public_views.register, name="register"),
    path("course/<int:pk>/done/", public_views.registered, name="registered"),
    path("course/<int:pk>/check-email/", public_views.check_email, name="check_email"),
    path("confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("cancel/<str:token>/", public_views.cancel, name="cancel"),
    path("accept/<str:token>/", public_views.accept, name="accept"),
    path("certificate/verify/", public_views.verify, name="verify"),
    path(
        "certificates/employer/<str:token>/",
        public_views.employer_certificates,
        name="employer_certificates",
    ),
    path("certificate/<str:token>/", public_views.certificate, name="certificate"),
    path("calendar/<str:token>.ics", public_views.calendar, name="calendar"),
]
