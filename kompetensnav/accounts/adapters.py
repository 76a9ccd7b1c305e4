from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from kompetensnav.common.clientip import client_ip
from kompetensnav.common.links import site_url
from kompetensnav.common.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are created by invitation from an organisation admin or a coordinator."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Every allauth rate limit (login, password reset, and our public forms that use
        allauth's limiter) counts the address kompetensnav.common.clientip trusts."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    # Links in allauth's e-mails go to the site's own address (SITE_URL), not the request's
    # host, which behind a proxy is the app server's (common/links.py).

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # the site named in the text ("Hello from …") is the site's address too
        domain = urlsplit(settings.SITE_URL).netloc
        context = {**context, "current_site": SimpleNamespace(domain=domain, name=domain)}
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        queue_email(
            subject=str(message.subject),
            body=message.body,
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )
