"""Security events for the `security` logger: failed logins and permission denials."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("security")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "?") if request is not None else "?"


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    logger.warning(
        "failed login for %r from %s",
        credentials.get("username", "?"),
        client_address(request),
    )
