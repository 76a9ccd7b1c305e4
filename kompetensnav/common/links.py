"""The site's own address (settings.SITE_URL) for every link that leaves the page: e-mails,
calendar feeds, signed links, QR codes and addresses shown to be copied. Never the
request's host, which behind a reverse proxy or in a worker is not the address people use."""

from django.conf import settings


def site_url(path: str = "/") -> str:
    """The absolute address of `path` (a path from reverse(), or "/" for the site's root)."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
