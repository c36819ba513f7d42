"""What every API view shares: JSON out, the rate limit, ETags, strict parameters.

The views name their renderers, throttle, exception handler and schema class
here rather than relying on REST_FRAMEWORK defaults, so the API behaves the
same whatever the rest of the project configures for DRF.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from .errors import ParameterError, exception_handler
from .openapi import ApiSchema
from .throttling import ClientRateThrottle, rate_limit_headers

DEFAULT_MAX_AGE = 60
CONDITIONAL_METHODS = ("GET", "HEAD")


class FirstRenderer(BaseContentNegotiation):
    """Each view has one representation; it is served whatever the Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


def refuse_unknown_parameters(params, known: frozenset[str]) -> None:
    """A misspelt filter would silently widen a list: name it instead."""
    unknown = sorted(set(params) - known)
    if unknown:
        raise ParameterError({name: [_("Unknown parameter.")] for name in unknown})


def cacheable(request, response):
    """Give a successful read an ETag and a max-age, and answer 304 when it matches."""
    if request.method not in CONDITIONAL_METHODS or response.status_code != 200:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    set_response_etag(response)
    max_age = getattr(settings, "CTDB_API_MAX_AGE", DEFAULT_MAX_AGE)
    patch_cache_control(response, public=True, max_age=max_age)
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


class ApiView(APIView):
    """A read-only endpoint: GET (and HEAD) only, JSON, counted against the rate limit."""

    http_method_names = ["get", "head"]
    renderer_classes = [JSONRenderer]
    parser_classes: list = []
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    content_negotiation_class = FirstRenderer
    metadata_class = None
    schema = ApiSchema()
    # The query parameters the view takes; any other is a 400.
    parameters: frozenset[str] = frozenset()
    check_parameters = True

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.check_parameters:
            refuse_unknown_parameters(request.query_params, self.parameters)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response = cacheable(request._request, response)
        for name, value in rate_limit_headers(request).items():
            response[name] = value
        return response
