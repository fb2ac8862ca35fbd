"""Placement's wire conventions shared by the resource views.

Bodies and query strings are checked with JSON schema and refused in upstream's words; routes that
appear at a microversion answer 404 below it; write responses carry Last-Modified from 1.15 (the
base view stamps successful GETs itself).
"""
import uuid

import jsonschema
from rest_framework.exceptions import ParseError

from openstack_api.validation import reject_nul
from openstack_api.views import cache_headers
from placement import exceptions, lookups

JSON = "application/json"
NOT_FOUND = "The resource could not be found."

# Only the formats Placement's schemas use; `uuid` accepts what Python's UUID parser accepts.
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    if isinstance(value, str):
        uuid.UUID(value)
    return True


def for_version(table, version):
    """The entry of `table` ((minimum version, value), ... in ascending order) that `version` gets."""
    chosen = None
    for minimum, value in table:
        if version >= minimum:
            chosen = value
    return chosen


# id(schema) -> (schema, its validator); the schema is kept so that its id cannot be reused.
_VALIDATORS: dict[int, tuple[dict, jsonschema.Draft4Validator]] = {}


def _validator(schema) -> jsonschema.Draft4Validator:
    """Validators are reused: building one costs more than validating a body with it."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        if len(_VALIDATORS) > 512:  # schemas built per request (query strings) must not pile up
            _VALIDATORS.clear()
        cached = _VALIDATORS[id(schema)] = (schema, jsonschema.Draft4Validator(schema, format_checker=FORMATS))
    return cached[1]


def first_error(instance, schema):
    validator = _validator(schema)
    if validator.is_valid(instance):
        return None
    return jsonschema.exceptions.best_match(validator.iter_errors(instance))


def json_body(request, schema):
    """The request's JSON body if it matches `schema`; a 415 or 400 worded as upstream words them."""
    media_type = request.content_type.split(";")[0].strip()
    if media_type != JSON:
        raise exceptions.PlacementError(
            f"The media type {media_type or None} is not supported, use {JSON}", status_code=415
        )
    try:
        body = request.data
    except ParseError as exc:
        reason = str(exc.detail).removeprefix("JSON parse error - ")
        raise exceptions.BadRequest(f"Malformed JSON: {reason}") from None
    reject_nul(body, "body")
    return check(body, schema)


def provider_body(request, schema, provider_uuid):
    """The body of a write to one provider; a missing provider is a 404 even when the body is bad.

    The service looks the provider up under its lock anyway: only a refused body needs the extra lookup.
    """
    try:
        return json_body(request, schema)
    except exceptions.PlacementError:
        lookups.get_provider(provider_uuid)
        raise


def check(document, schema):
    """The document if it matches `schema`; else a 400 naming what is wrong."""
    error = first_error(document, schema)
    if error is not None:
        raise exceptions.BadRequest(f"JSON does not validate: {error.message}")
    return document


def query_params(request, properties: dict) -> dict:
    """The last value of each query parameter, refused unless `properties` describes it."""
    query = dict(request.query_params.items())
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    error = first_error(query, schema)
    if error is not None:
        raise exceptions.BadRequest(f"Invalid query string parameters: {error.message}")
    return query


def modified_headers(request, moment=None) -> dict:
    """Last-Modified and Cache-Control for responses the base view does not stamp (from 1.15)."""
    return cache_headers(request.version, moment)


def href(request, *parts) -> str:
    """A link below the service root, keeping the prefix Placement is mounted under."""
    prefix = request.META.get("SCRIPT_NAME", "").rstrip("/")
    return "/".join([prefix, *(str(part) for part in parts)])


def newest(rows):
    """The latest `updated_at` among `rows`, or None when there are none."""
    return max((row.updated_at for row in rows), default=None)


class Introduced:
    """Mixin for views whose route appears at a microversion: below it they answer 404, as upstream."""

    introduced_in = "1.0"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.version < self.introduced_in:
            raise exceptions.NotFound(NOT_FOUND)
