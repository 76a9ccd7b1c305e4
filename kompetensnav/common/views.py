from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "common/landing.html")
    # The apps above fill the start page with panels (whom the user acts for, the network).
    return render(request, "common/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and a logged-in user's choice is remembered on their account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _ in _languages()}:
        request.user.language = language
        request.user.save(update_fields=["language"])
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        request.POST = request.POST.copy()
        request.POST["next"] = "/"
    return django_set_language(request)


def _languages():
    from django.conf import settings

    return settings.LANGUAGES


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth calls this when a login or password-reset rate limit is hit."""
    return render(request, "429.html", status=429)
