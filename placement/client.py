"""The HTTP client the other services use to talk to Placement (Nova's "report client").

Placement owns its tables: the conductor and the API change them only through its API, as a
separate deployment of Placement would require. Generation conflicts are retried here.
"""
import logging
import os
import threading
from dataclasses import dataclass

import requests

logger = logging.getLogger(__name__)

RETRIES = 4


class PlacementClientError(Exception):
    def __init__(self, response):
        self.status_code = response.status_code
        try:
            errors = response.json().get("errors", [])
        except ValueError:
            errors = []
        self.code = errors[0].get("code") if errors else None
        detail = errors[0].get("detail") if errors else response.text[:200]
        super().__init__(f"placement answered {response.status_code} to {response.request.method} "
                         f"{response.request.path_url}: {detail}")


@dataclass
class PlacementClient:
    base_url: str
    token: str
    version: str = "1.39"
    timeout: float = 10.0

    def __post_init__(self):
        self.session = requests.Session()

    def request(self, method: str, path: str, body=None, ok=(200, 201, 204)):
        headers = {"X-Auth-Token": self.token, "OpenStack-API-Version": f"placement {self.version}",
                   "Accept": "application/json"}
        response = self.session.request(method, f"{self.base_url.rstrip('/')}{path}", json=body, headers=headers,
                                        timeout=self.timeout)
        if response.status_code not in ok:
            raise PlacementClientError(response)
        return response.json() if response.content else None

    def ensure_provider(self, uuid: str, name: str) -> dict:
        try:
            return self.request("GET", f"/resource_providers/{uuid}")
        except PlacementClientError as error:
            if error.status_code != 404:
                raise
        return self.request("POST", "/resource_providers", {"uuid": uuid, "name": name})

    def _retrying(self, uuid: str, change):
        """Run `change()` (which reads the generation it needs), again after a concurrent update."""
        for attempt in range(RETRIES):
            try:
                return change()
            except PlacementClientError as error:
                if error.code != "placement.concurrent_update" or attempt == RETRIES - 1:
                    raise
                logger.info("provider %s changed concurrently; retrying", uuid)

    def set_inventory(self, uuid: str, inventories: dict, keep_ratios=()) -> dict:
        """Replace the provider's inventories; classes in `keep_ratios` keep the ratio Placement has."""
        def change():
            current = self.request("GET", f"/resource_providers/{uuid}/inventories")
            wanted = {name: {**spec, **({"allocation_ratio": current["inventories"][name]["allocation_ratio"]}
                                        if name in keep_ratios and name in current["inventories"] else {})}
                      for name, spec in inventories.items()}
            return self.request("PUT", f"/resource_providers/{uuid}/inventories",
                                {"inventories": wanted,
                                 "resource_provider_generation": current["resource_provider_generation"]})

        return self._retrying(uuid, change)

    def set_trait(self, uuid: str, trait: str, present: bool) -> None:
        def change():
            current = self.request("GET", f"/resource_providers/{uuid}/traits")
            traits = set(current["traits"])
            wanted = traits | {trait} if present else traits - {trait}
            if wanted != traits:
                self.request("PUT", f"/resource_providers/{uuid}/traits", {
                    "traits": sorted(wanted), "resource_provider_generation": current["resource_provider_generation"]})

        self._retrying(uuid, change)

    def set_traits(self, uuid: str, present: set[str], absent: set[str] = frozenset()) -> None:
        """Make `present` traits be on the provider and `absent` ones not; one write, only when needed."""
        def change():
            current = self.request("GET", f"/resource_providers/{uuid}/traits")
            traits = set(current["traits"])
            wanted = (traits | set(present)) - set(absent)
            if wanted != traits:
                self.request("PUT", f"/resource_providers/{uuid}/traits", {
                    "traits": sorted(wanted), "resource_provider_generation": current["resource_provider_generation"]})

        self._retrying(uuid, change)

    def set_aggregates(self, uuid: str, member_of: set[str], not_member_of: set[str] = frozenset()) -> None:
        """Make the provider a member of `member_of` aggregates and of none of `not_member_of`, keeping others."""
        def change():
            current = self.request("GET", f"/resource_providers/{uuid}/aggregates")
            aggregates = set(current["aggregates"])
            wanted = (aggregates | set(member_of)) - set(not_member_of)
            if wanted != aggregates:
                self.request("PUT", f"/resource_providers/{uuid}/aggregates", {
                    "aggregates": sorted(wanted),
                    "resource_provider_generation": current["resource_provider_generation"]})

        self._retrying(uuid, change)

    def delete_provider(self, uuid: str) -> None:
        self.request("DELETE", f"/resource_providers/{uuid}", ok=(204, 404))

    def allocation_candidates(self, query: str) -> dict:
        return self.request("GET", f"/allocation_candidates?{query}")

    def claim(self, consumer: str, allocations: dict, project_id: str, user_id: str) -> bool:
        """Allocate for a new consumer; False when Placement refused (capacity taken meanwhile: 409)."""
        body = {"allocations": allocations, "project_id": project_id, "user_id": user_id,
                "consumer_generation": None, "consumer_type": "INSTANCE"}
        try:
            self.request("PUT", f"/allocations/{consumer}", body)
        except PlacementClientError as error:
            if error.status_code == 409:
                logger.info("claim for %s refused: %s", consumer, error)
                return False
            raise
        return True

    def delete_allocations(self, consumer: str) -> None:
        """Free everything the consumer holds; nothing to free is fine (idempotent)."""
        self.request("DELETE", f"/allocations/{consumer}", ok=(204, 404))


_clients = threading.local()


def from_settings() -> PlacementClient:
    """The client configured by XCOMPUTE_PLACEMENT_URL and XCOMPUTE_PLACEMENT_TOKEN, one per thread.

    Kept for the thread's life so its HTTP connection is reused (the APIs keep connections alive): a
    new client per scheduling request paid a TCP connect and a fresh accept in the API every time.
    A forked child (Celery's prefork pool) never shares its parent's socket: the process id is part
    of the key.
    """
    from django.conf import settings

    key = (os.getpid(), settings.XCOMPUTE_PLACEMENT_URL, settings.XCOMPUTE_PLACEMENT_TOKEN)
    if getattr(_clients, "key", None) != key:
        _clients.key, _clients.client = key, PlacementClient(settings.XCOMPUTE_PLACEMENT_URL,
                                                             settings.XCOMPUTE_PLACEMENT_TOKEN)
    return _clients.client
