"""The request context every API call carries: who is calling, for which project, with which roles."""
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    user_id: str
    project_id: str
    roles: tuple[str, ...] = ()
    request_id: str = "-"
    user_name: str = ""
    project_name: str = ""
    # Set for identity tokens scoped to a domain or to the system (`all`) instead of a project.
    domain_id: str = ""
    system_scope: str = ""

    # DRF's permission classes ask the authenticated "user" this.
    is_authenticated = True

    def credentials(self) -> dict:
        """The creds dictionary oslo.policy checks rules against."""
        return {"user_id": self.user_id, "project_id": self.project_id, "roles": list(self.roles),
                "domain_id": self.domain_id or None, "system_scope": self.system_scope or None}

    @property
    def is_admin(self) -> bool:
        from openstack_api.policy import is_admin

        return is_admin(self)
