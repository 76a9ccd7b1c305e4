"""What campus does when other apps act: an account made for an e-mail address that an import
kept as a session's teacher (history from before the person had an account) becomes that
session's teacher. Connected in CampusConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from kompetensnav.accounts.models import User

from .services import given_teachers_link


@receiver(post_save, sender=User, dispatch_uid="campus.link_given_teachers")
def link_given_teachers(
    sender: type[User], instance: User, created: bool, **kwargs: object
) -> None:
    if created and instance.email and not kwargs.get("raw"):
        given_teachers_link(user=instance)
