"""The flavor service's refusals as HTTP errors, with Nova's wording (rendered in Nova's fault shape)."""
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT


def flavor_not_found(flavorid) -> NotFound:
    return NotFound(f"Flavor {flavorid} could not be found.")


def extra_spec_not_found(flavorid, key) -> NotFound:
    return NotFound(f"Flavor {flavorid} has no extra specs with key {key}.")


def flavor_name_exists(name) -> Conflict:
    return Conflict(f"Flavor with name {name} already exists.")


def flavor_id_exists(flavorid) -> Conflict:
    return Conflict(f"Flavor with ID {flavorid} already exists.")


def access_exists(flavorid, project_id) -> Conflict:
    return Conflict(f"Flavor access already exists for flavor {flavorid} and project {project_id} combination.")


def access_not_found(flavorid, project_id) -> NotFound:
    return NotFound(f"Flavor access not found for {flavorid} / {project_id} combination.")
