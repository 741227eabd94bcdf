"""Security events for the `security` logger: failed sign-ins, lockouts and refused requests."""

import logging

from axes.signals import user_locked_out
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


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning("sign-in locked out for %r from %s", username, ip_address or "?")


class SecurityEventsMiddleware:
    """Log every refused request (403): permission denials in the admin, CSRF failures."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
            logger.warning(
                "permission denied: %s %s for %s from %s",
                request.method,
                request.path,
                who,
                client_address(request),
            )
        return response
