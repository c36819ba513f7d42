"""Errors as JSON.

A malformed or unknown parameter gets a 400 whose body names it:
``{"errors": {"value_min": ["Enter a number."]}}``. Other errors keep DRF's
shape, ``{"detail": "Not found."}``, and a throttled request keeps DRF's
``Retry-After`` header.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(exceptions.ValidationError):
    """Query parameters that do not parse, keyed by parameter name."""

    def __init__(self, errors: dict):
        super().__init__({name: [str(m) for m in messages] for name, messages in errors.items()})


def exception_handler(exc, context) -> Response | None:
    """DRF's handler, with validation errors put under ``errors``."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        detail = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {"errors": detail}
    return response
