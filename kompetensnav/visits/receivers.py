"""What visits does when other apps act: an account made for an e-mail address that an
import kept as a visit's broker (history from before the person had an account) becomes
that visit's broker. Connected in VisitsConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from kompetensnav.accounts.models import User

from .services import given_brokers_link


@receiver(post_save, sender=User, dispatch_uid="visits.link_given_brokers")
def link_given_brokers(sender: type[User], instance: User, created: bool, **kwargs: object) -> None:
    if created and instance.email and not kwargs.get("raw"):
        given_brokers_link(user=instance)
