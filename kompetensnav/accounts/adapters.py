from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kompetensnav.common.clientip import client_ip
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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
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
