"""`manage.py bootstrap`: the node's admin account and the clouds.yaml clients use as it is."""
import secrets

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from node.endpoints import public_urls
from xcompute_site.env import env


def clouds_yaml(identity_url: str, passwords: dict[str, str]) -> dict:
    """Clouds for python-openstackclient and openstacksdk with password auth against the identity API.

    Clients find every other service in the token's catalog. `xcompute` is the admin on project
    `admin`, `xcompute-demo` the demo user (member of `demo`); `xcompute-placement` is the admin again,
    kept for osc-placement users' habits. The catalog has no volume endpoint, so `availability zone
    list` skips block storage's zones (python-openstackclient checks the catalog first).
    """
    def cloud(user: str, project: str) -> dict:
        return {"auth_type": "password",
                "auth": {"auth_url": identity_url, "username": user, "password": passwords[user],
                         "project_name": project, "user_domain_name": "Default", "project_domain_name": "Default"},
                "region_name": settings.XCOMPUTE_REGION, "identity_api_version": 3}

    return {"clouds": {"xcompute": cloud("admin", "admin"), "xcompute-demo": cloud("demo", "demo"),
                       "xcompute-placement": cloud("admin", "admin")}}


def development_clouds_yaml(urls: dict) -> dict:
    """Clouds with development tokens and endpoint overrides, for nodes without an identity service
    (the test profile's): `xcompute` reaches compute, `xcompute-placement` placement (osc-placement).

    The image and network endpoints are unversioned, as Glance's and Neutron's catalog entries are.
    python-openstackclient's `flavor create/set` and `server create` check that an identity v3 proxy
    exists: `identity_api_version: "3"` with an endpoint override satisfies the check. `availability
    zone list` asks every service for its zones; without a catalog the volume service is assumed
    present, so a volume endpoint that answers 404 stands in (the CLI takes it as "no volume zones").
    """
    def cloud(endpoint, token):
        return {"auth_type": "admin_token", "auth": {"token": token, "endpoint": endpoint},
                "region_name": "RegionOne"}

    return {
        "clouds": {
            "xcompute": {**cloud(urls["compute"], "admin:admin"),
                         "compute_endpoint_override": urls["compute"],
                         "placement_endpoint_override": urls["placement"],
                         **({"image_endpoint_override": urls["image"]} if "image" in urls else {}),
                         **({"network_endpoint_override": urls["network"]} if "network" in urls else {}),
                         "identity_api_version": "3", "identity_endpoint_override": urls["compute"],
                         "block_storage_api_version": "3",
                         "block_storage_endpoint_override": f"{urls['compute']}/no-block-storage"},
            "xcompute-placement": cloud(urls["placement"], "admin"),
        }
    }


def secret_file(path, default: str) -> str:
    """The password kept in `path` (0600), written with `default` the first time."""
    if not path.exists():
        path.write_text(default)
        path.chmod(0o600)
    return path.read_text().strip()


class Command(BaseCommand):
    help = ("Create the identity records (Default domain, roles, admin and demo users and projects), the "
            "dashboard's admin account, the default flavors, network and guest images, and write var/clouds.yaml.")

    def handle(self, *args, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        password_file = settings.VAR_DIR / "admin_password"
        passwords = {
            "admin": secret_file(password_file, env.str("XCOMPUTE_ADMIN_PASSWORD", default=secrets.token_urlsafe(12))),
            "demo": secret_file(settings.VAR_DIR / "demo_password",
                                env.str("XCOMPUTE_DEMO_PASSWORD", default=secrets.token_urlsafe(12))),
        }
        users = get_user_model().objects
        if not users.filter(username="admin").exists():
            users.create_superuser("admin", "", passwords["admin"])
        self.create_identity(passwords)
        self.register_guest_images()
        self.create_default_flavors()
        self.create_default_network()
        urls = public_urls()
        clouds = settings.VAR_DIR / "clouds.yaml"
        clouds.write_text(yaml.safe_dump(clouds_yaml(urls["identity"], passwords), sort_keys=False))
        clouds.chmod(0o600)
        for name, url in urls.items():
            self.stdout.write(f"{name:>14}: {url}")
        self.stdout.write(f"{'clouds.yaml':>14}: {clouds} (clouds `xcompute`, `xcompute-demo`)")
        self.stdout.write(f"{'admin login':>14}: admin / see {password_file}")

    def create_identity(self, passwords: dict) -> None:
        """Keystone's bootstrap: the Default domain, admin/member/reader, admin on `admin` and the
        system, and the demo user, a member of `demo`. Passwords follow the files under var/."""
        from identity import services

        services.default_domain()
        services.builtin_roles()
        admin_project = services.project("admin", description="Bootstrap project for the admin user")
        demo_project = services.project("demo", description="Demo project")
        admin = services.user("admin", passwords["admin"], default_project=admin_project)
        services.grant(admin, "admin", project=admin_project)
        services.grant(admin, "admin", system=True)
        demo = services.user("demo", passwords["demo"], default_project=demo_project)
        services.grant(demo, "member", project=demo_project)

    def create_default_flavors(self):
        """Nova's m1 flavors, public, unless their ids or names are taken already (idempotent)."""
        from flavors.services import ensure_defaults

        for flavor in ensure_defaults():
            self.stdout.write(f"{'flavor':>14}: {flavor.name} (id {flavor.flavorid})")

    def create_default_network(self):
        from networks.services.defaults import ensure_default

        network = ensure_default()
        self.stdout.write(f"{'network':>14}: {network.name} {network.id} "
                          f"({', '.join(subnet.cidr for subnet in network.subnets.all())}, shared, default)")

    def register_guest_images(self):
        """Public images from `make guest-image`'s output, if it was built (idempotent)."""
        from images.services import guest_images

        for image in guest_images.register(settings.VAR_DIR / "guest-image"):
            self.stdout.write(f"{'guest image':>14}: {image.name} {image.id} ({image.disk_format})")
