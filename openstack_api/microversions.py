"""Microversion negotiation, one mechanism for every API (Nova's and Placement's header rules).

A request names its version in `OpenStack-API-Version: <service> X.Y` (or, for compute, the legacy
`X-OpenStack-Nova-API-Version: X.Y`); `latest` means the newest we serve; no header means the
oldest. Malformed versions are a 400, versions outside our range a 406.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from rest_framework import exceptions
from rest_framework.versioning import BaseVersioning

_VERSION_RE = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


@total_ordering
@dataclass(frozen=True)
class APIVersion:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> "APIVersion":
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self):
        return f"{self.major}.{self.minor}"

    def _coerce(self, other):
        return APIVersion.parse(other) if isinstance(other, str) else other

    def __eq__(self, other):
        other = self._coerce(other)
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        other = self._coerce(other)
        return (self.major, self.minor) < (other.major, other.minor)

    def __hash__(self):
        return hash((self.major, self.minor))

    def matches(self, min_version: str | None, max_version: str | None = None) -> bool:
        """True when this version lies in the inclusive range (either end may be open)."""
        return (min_version is None or self >= min_version) and (max_version is None or self <= max_version)


@dataclass(frozen=True)
class Versioned:
    """A value (a body field, a schema property...) that exists only in a range of microversions.

    APIs declare tables of these once and `pick` what a request's version gets, instead of
    comparing versions in every view.
    """

    value: Any
    min_version: str | None = None
    max_version: str | None = None


def pick(items: Iterable[Versioned], version: APIVersion) -> list:
    """The values of `items` whose (inclusive) range holds `version`, in table order."""
    return [item.value for item in items if version.matches(item.min_version, item.max_version)]


@dataclass(frozen=True)
class VersionRange:
    service_type: str
    min_version: APIVersion
    max_version: APIVersion
    legacy_header: str | None = None
    # Each upstream words its refusals its own way; {text}, {min} and {max} are filled in.
    invalid_message: str = "API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum."
    unsupported_message: str = "Version {text} is not supported by the API. Minimum is {min} and maximum is {max}."


COMPUTE = VersionRange("compute", APIVersion(2, 1), APIVersion(2, 96), "X-OpenStack-Nova-API-Version")
# Placement through 1.39, as the public api-ref describes it.
PLACEMENT = VersionRange(
    "placement", APIVersion(1, 0), APIVersion(1, 39),
    invalid_message="invalid version string: {text}",
    unsupported_message="Unacceptable version header: {text}",
)


def requested_version_text(headers, api: VersionRange) -> str | None:
    """The version string the client asked for, or None when it asked for none."""
    for value in headers.get("OpenStack-API-Version", "").split(","):
        parts = value.strip().split(None, 1)
        if len(parts) == 2 and parts[0].lower() == api.service_type:
            return parts[1].strip()
    if api.legacy_header and headers.get(api.legacy_header):
        return headers[api.legacy_header].strip()
    return None


def negotiate(headers, api: VersionRange) -> APIVersion:
    text = requested_version_text(headers, api)
    if text is None:
        return api.min_version
    if text.lower() == "latest":
        return api.max_version
    try:
        version = APIVersion.parse(text)
    except ValueError:
        raise exceptions.ParseError(api.invalid_message.format(text=text)) from None
    if not version.matches(str(api.min_version), str(api.max_version)):
        raise exceptions.NotAcceptable(
            api.unsupported_message.format(text=version, min=api.min_version, max=api.max_version)
        )
    return version


def response_headers(version: APIVersion, api: VersionRange) -> dict:
    headers = {"OpenStack-API-Version": f"{api.service_type} {version}"}
    vary = ["OpenStack-API-Version"]
    if api.legacy_header:
        headers[api.legacy_header] = str(version)
        vary.append(api.legacy_header)
    headers["Vary"] = ", ".join(vary)
    return headers


class MicroversionVersioning(BaseVersioning):
    """DRF versioning class: `request.version` becomes the negotiated APIVersion."""

    api: VersionRange = COMPUTE

    def determine_version(self, request, *args, **kwargs):
        return negotiate(request.headers, self.api)


class ComputeVersioning(MicroversionVersioning):
    api = COMPUTE


class PlacementVersioning(MicroversionVersioning):
    api = PLACEMENT
