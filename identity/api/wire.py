"""Keystone v3 bodies of each resource, with their `links`."""
from identity import catalog as service_catalog
from identity.tokens import ValidToken


def timestamp(moment) -> str | None:
    """Keystone's token times: ISO 8601 with microseconds and a `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else None


def links(root: str, collection: str, resource_id: str) -> dict:
    return {"self": f"{root}/v3/{collection}/{resource_id}"}


def domain(root, record) -> dict:
    return {"id": record.id, "name": record.name, "description": record.description, "enabled": record.enabled,
            "tags": [], "options": {}, "links": links(root, "domains", record.id)}


def project(root, record) -> dict:
    return {"id": record.id, "name": record.name, "domain_id": record.domain_id, "description": record.description,
            "enabled": record.enabled, "parent_id": record.domain_id, "is_domain": False, "tags": record.tags,
            "options": {}, "links": links(root, "projects", record.id)}


def user(root, record) -> dict:
    body = {"id": record.id, "name": record.name, "domain_id": record.domain_id, "enabled": record.enabled,
            "password_expires_at": timestamp(record.password_expires_at), "options": {},
            "links": links(root, "users", record.id)}
    if record.default_project_id:
        body["default_project_id"] = record.default_project_id
    if record.description:
        body["description"] = record.description
    if record.email:
        body["email"] = record.email
    return body


def role(root, record) -> dict:
    return {"id": record.id, "name": record.name, "domain_id": None, "description": record.description or None,
            "options": {}, "links": links(root, "roles", record.id)}


def application_credential(root, record, secret: str | None = None) -> dict:
    body = {"id": record.id, "name": record.name, "description": record.description or None,
            "user_id": record.user_id, "project_id": record.project_id, "unrestricted": record.unrestricted,
            "expires_at": timestamp(record.expires_at), "access_rules": [],
            "roles": [{"id": r.id, "name": r.name, "domain_id": None} for r in record.roles.all()],
            "links": links(root, f"users/{record.user_id}/application_credentials", record.id)}
    if secret is not None:
        body["secret"] = secret
    return body


def _named(record) -> dict:
    return {"id": record.id, "name": record.name}


def token(valid: ValidToken, with_catalog: bool = True) -> dict:
    """The `token` body of POST and GET /v3/auth/tokens."""
    record = valid.record
    body = {
        "methods": record.methods,
        "user": {**_named(record.user), "domain": _named(record.user.domain),
                 "password_expires_at": timestamp(record.user.password_expires_at)},
        "audit_ids": record.audit_ids,
        "issued_at": timestamp(record.issued_at),
        "expires_at": timestamp(record.expires_at),
    }
    if record.project:
        body["project"] = {**_named(record.project), "domain": _named(record.project.domain)}
        body["is_domain"] = False
    elif record.domain:
        body["domain"] = _named(record.domain)
    elif record.system:
        body["system"] = {"all": True}
    if record.project or record.domain or record.system:
        body["roles"] = [_named(r) for r in valid.roles]
        if with_catalog:
            body["catalog"] = service_catalog.catalog()
    if record.application_credential:
        body["application_credential"] = {**_named(record.application_credential),
                                          "restricted": not record.application_credential.unrestricted}
    return body
