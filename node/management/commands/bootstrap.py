"""`manage.py bootstrap`: the node's admin account and the clouds.yaml clients use as it is."""
import secrets

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from node.endpoints import public_urls
from xcompute_site.env import env


def clouds_yaml(urls: dict) -> dict:
    """Clouds for python-openstackclient and openstacksdk, as they are.

    Without an identity service there is no catalog, and the admin-token auth sends every service
    to one endpoint: `xcompute` reaches compute, `xcompute-placement` reaches placement (osc-placement).
    The image and network endpoints are unversioned, as Glance's and Neutron's catalog entries are:
    openstacksdk finds /v2 through the versions document at the root, and adds /v2.0 for networks. python-openstackclient's `flavor create/set` and `server
    create` check that an identity v3 proxy exists before doing anything (they call no identity
    API without --project): `identity_api_version: "3"` with an endpoint override satisfies the
    check until the identity service gives a real catalog.
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
                         # `availability zone list` asks every service for its zones. Without a catalog
                         # the volume service is assumed present: name a version and an endpoint that
                         # answers 404, which the CLI takes as "no volume zones" and lists compute's.
                         "block_storage_api_version": "3",
                         "block_storage_endpoint_override": f"{urls['compute']}/no-block-storage"},
            "xcompute-placement": cloud(urls["placement"], "admin"),
        }
    }


class Command(BaseCommand):
    help = ("Create the admin account (once), the default flavors, network and guest images, and write "
            "var/clouds.yaml.")

    def handle(self, *args, **options):
        password_file = settings.VAR_DIR / "admin_password"
        if not password_file.exists():
            password_file.write_text(env.str("XCOMPUTE_ADMIN_PASSWORD", default=secrets.token_urlsafe(12)))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        users = get_user_model().objects
        if not users.filter(username="admin").exists():
            users.create_superuser("admin", "", password)
        self.register_guest_images()
        self.create_default_flavors()
        self.create_default_network()
        urls = public_urls()
        (settings.VAR_DIR / "clouds.yaml").write_text(yaml.safe_dump(clouds_yaml(urls), sort_keys=False))
        for name, url in urls.items():
            self.stdout.write(f"{name:>14}: {url}")
        self.stdout.write(f"{'clouds.yaml':>14}: {settings.VAR_DIR / 'clouds.yaml'} (cloud `xcompute`)")
        self.stdout.write(f"{'admin login':>14}: admin / see {password_file}")

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
