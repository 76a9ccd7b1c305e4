from django.urls import path

from .views import actors, councils, initiatives, overview

app_name = "collaboration"

# --- the overview ---------------------------------------------------------------------------
overview_urls = [
    path("", overview.overview, name="overview"),
]

# --- actors and the maps ------------------------------------------------------------------
actor_urls: list = []

# --- industry councils --------------------------------------------------------------------
council_urls: list = []

# --- priorities and initiatives -----------------------------------------------------------
initiative_urls: list = []

urlpatterns = [*overview_urls, *actor_urls, *council_urls, *initiative_urls]
