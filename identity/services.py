"""Idempotent set-up of identity records, for bootstrap and tests."""
from identity.models import DEFAULT_DOMAIN_ID, Domain, Project, Role, RoleAssignment, User

BUILTIN_ROLES = ("admin", "member", "reader")


def default_domain() -> Domain:
    domain, _ = Domain.objects.get_or_create(
        id=DEFAULT_DOMAIN_ID, defaults={"name": "Default", "description": "The default domain"})
    return domain


def builtin_roles() -> dict[str, Role]:
    return {name: Role.objects.get_or_create(name=name)[0] for name in BUILTIN_ROLES}


def project(name: str, domain: Domain | None = None, description: str = "") -> Project:
    found, _ = Project.objects.get_or_create(name=name, domain=domain or default_domain(),
                                             defaults={"description": description})
    return found


def user(name: str, password: str, domain: Domain | None = None, default_project: Project | None = None) -> User:
    """The user `name`, created with `password` or given it again (so var/ stays the truth)."""
    found = User.objects.filter(name=name, domain=domain or default_domain()).first()
    found = found or User(name=name, domain=domain or default_domain())
    found.set_password(password)
    found.default_project = default_project or found.default_project
    found.save()
    return found


def grant(user: User, role_name: str, *, project: Project | None = None, domain: Domain | None = None,
          system: bool = False) -> RoleAssignment:
    role = Role.objects.get_or_create(name=role_name)[0]
    assignment, _ = RoleAssignment.objects.get_or_create(role=role, user=user, project=project, domain=domain,
                                                         system=system)
    return assignment
