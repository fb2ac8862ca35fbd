"""`POST /v3/auth/tokens`: who is authenticating (password, token, application_credential) and for what scope."""
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from rest_framework import exceptions

from identity import lockout, tokens
from identity.models import ApplicationCredential, Domain, Project, User
from identity.tokens import Scope
from openstack_api.auth import AUTH_REQUIRED

METHODS = ("password", "token", "application_credential")


class AccountLocked(exceptions.AuthenticationFailed):
    """401 with Keystone's words, even for the right password; other sign-ins (the dashboard's) tell it apart."""

    def __init__(self, user: User):
        super().__init__(f"The account is locked for user: {user.id}.")
        self.user = user


class TooManyFailures(exceptions.Throttled):
    """429 with Retry-After: the address's failures stay counted until their window has passed."""

    def __init__(self, wait: float):
        super().__init__(wait, "Too many failed authentication attempts from this address.")


@dataclass
class Authenticated:
    user: User
    methods: list[str]
    application_credential: ApplicationCredential | None = None
    expires_at: datetime | None = None
    parent_audit_ids: list[str] = field(default_factory=list)
    rescoped_from: Scope | None = None


def bad_request(message: str):
    return exceptions.ValidationError(message)


def authenticate(identity: dict, address: str) -> Authenticated:
    if not isinstance(identity, dict) or not isinstance(identity.get("methods"), list) or not identity["methods"]:
        raise bad_request("Invalid input for field 'identity': 'methods' is a required property")
    methods = identity["methods"]
    unknown = [method for method in methods if method not in METHODS]
    if unknown or len(methods) != 1:
        raise exceptions.AuthenticationFailed(f"Attempted to authenticate with an unsupported method: {unknown or methods}")
    method = methods[0]
    payload = identity.get(method)
    if not isinstance(payload, dict):
        raise bad_request(f"Invalid input for field 'identity': '{method}' is a required property")
    if method == "token":
        return by_token(payload)
    if lockout.address_blocked(address):
        raise TooManyFailures(lockout.seconds_left(lockout.address_key(address)))
    if method == "password":
        return by_password(payload, address)
    return by_application_credential(payload, address)


def find_domain(reference) -> Domain | None:
    if not isinstance(reference, dict):
        return None
    if "id" in reference:
        return Domain.objects.filter(id=reference["id"]).first()
    return Domain.objects.filter(name=reference.get("name")).first()


def find_user(reference) -> User | None:
    if not isinstance(reference, dict):
        raise bad_request("Invalid input for field 'user': expected an object")
    if "id" in reference:
        return User.objects.select_related("domain").filter(id=reference["id"]).first()
    if "name" not in reference or "domain" not in reference:
        raise bad_request("A user name needs its domain (`domain`: {`id`} or {`name`})")
    domain = find_domain(reference["domain"])
    return domain and User.objects.select_related("domain").filter(domain=domain, name=reference["name"]).first()


def _fail(user: User | None, address: str):
    lockout.record_failure(user_id=user.id if user else None, address=address)
    return exceptions.AuthenticationFailed(AUTH_REQUIRED)


def by_password(payload: dict, address: str) -> Authenticated:
    user_ref = payload.get("user")
    user = find_user(user_ref)
    if user and lockout.user_locked(user.id):
        raise AccountLocked(user)
    if user is None or not user.check_password(str(user_ref.get("password", ""))):
        raise _fail(user, address)
    if not (user.enabled and user.domain.enabled):
        raise exceptions.AuthenticationFailed(AUTH_REQUIRED)
    lockout.record_success(user.id)
    return Authenticated(user, ["password"])


def by_token(payload: dict) -> Authenticated:
    try:
        token = tokens.validate(str(payload.get("id", "")))
    except tokens.TokenInvalid:
        raise exceptions.AuthenticationFailed(AUTH_REQUIRED) from None
    if token.record.application_credential_id:
        raise exceptions.PermissionDenied("Cannot rescope a token issued for an application credential.")
    return Authenticated(token.user, ["token", *[m for m in token.record.methods if m != "token"]],
                         expires_at=token.record.expires_at, parent_audit_ids=token.record.audit_ids,
                         rescoped_from=token.scope)


def by_application_credential(payload: dict, address: str) -> Authenticated:
    credentials = ApplicationCredential.objects.select_related("user__domain", "project")
    if "id" in payload:
        credential = credentials.filter(id=payload["id"]).first()
    else:
        user = find_user(payload.get("user"))
        credential = user and credentials.filter(user=user, name=payload.get("name")).first()
    if credential is None or not credential.check_secret(str(payload.get("secret", ""))):
        raise _fail(credential.user if credential else None, address)
    if credential.expires_at and credential.expires_at <= timezone.now():
        raise exceptions.AuthenticationFailed(AUTH_REQUIRED)
    return Authenticated(credential.user, ["application_credential"], application_credential=credential)


def resolve_scope(requested, authenticated: Authenticated) -> Scope:
    """The scope the body asks for (or the user's default project), checked against the user's roles."""
    if authenticated.application_credential:
        if requested:
            raise exceptions.AuthenticationFailed("An application credential token is scoped to its project.")
        return Scope(project=authenticated.application_credential.project)
    if requested == "unscoped":
        return Scope()
    if requested is None:
        if authenticated.rescoped_from is not None:
            return authenticated.rescoped_from
        project = authenticated.user.default_project
        scope = Scope(project=project) if project else Scope()
        return scope if scope.is_scoped and tokens.assigned_roles(authenticated.user, scope) else Scope()
    scope = parse_scope(requested)
    if not tokens.assigned_roles(authenticated.user, scope):
        raise exceptions.AuthenticationFailed(f"User {authenticated.user.id} has no access to {describe(scope)}")
    return scope


def parse_scope(requested) -> Scope:
    if not isinstance(requested, dict) or len(requested) != 1:
        raise bad_request("Invalid input for field 'scope': one of project, domain or system")
    if "system" in requested:
        if requested["system"] != {"all": True}:
            raise bad_request("Invalid input for field 'scope/system': only {\"all\": true} is supported")
        return Scope(system=True)
    if "domain" in requested:
        domain = find_domain(requested["domain"])
        if domain is None or not domain.enabled:
            raise exceptions.AuthenticationFailed(f"Could not find domain: {requested['domain']}")
        return Scope(domain=domain)
    if "project" in requested:
        project = find_project(requested["project"])
        if project is None or not project.enabled:
            raise exceptions.AuthenticationFailed(f"Could not find project: {requested['project']}")
        return Scope(project=project)
    raise bad_request("Invalid input for field 'scope': one of project, domain or system")


def find_project(reference) -> Project | None:
    if not isinstance(reference, dict):
        return None
    projects = Project.objects.select_related("domain")
    if "id" in reference:
        return projects.filter(id=reference["id"]).first()
    domain = find_domain(reference.get("domain"))
    return domain and projects.filter(domain=domain, name=reference.get("name")).first()


def describe(scope: Scope) -> str:
    if scope.project:
        return f"project {scope.project.id}"
    if scope.domain:
        return f"domain {scope.domain.id}"
    return "the system"
