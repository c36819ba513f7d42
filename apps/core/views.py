"""Site-wide endpoints: health and the reader's choice of language."""

from django.conf import settings
from django.db import connections
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitors."""
    status = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            status[alias] = "ok"
        except Exception as error:  # any failure means "not healthy", with its name
            status[alias] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": status},
        status=200 if healthy else 503,
    )


def choose_language(request, code: str):
    """Remember the reader's language in a cookie and go back, with no form to post.

    A plain link keeps public pages free of CSRF tokens, so caches can share them.
    """
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if check_for_language(code) and code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
