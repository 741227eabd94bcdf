"""Error pages: the site's own 404 and 500, and JSON ones under /api/.

A 500 page is rendered without the request's context, so that it shows even when the
database or a context processor is what failed.
"""

from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


def _in_api(request) -> bool:
    return request.path.startswith("/api/")


@requires_csrf_token
def page_not_found(request, exception):
    if _in_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request):
    if _in_api(request):
        return JsonResponse({"detail": "A server error occurred."}, status=500)
    return defaults.server_error(request)
