"""The unmodified `openstack` CLI with password auth against real identity and compute processes.

Development tokens are off in both processes, as on `make up`'s node: every call carries a token the
identity API issued, and the CLI finds compute in the token's catalog.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import free_port, start_api

pytestmark = pytest.mark.e2e

PASSWORDS = {"admin": "admin-secret", "demo": "demo-secret"}


@pytest.fixture
def identity_node(processes, node_env, transactional_db):
    """keystone, nova-api and glance-api (`server list` asks it) on free ports, advertised in the catalog."""
    from identity import services

    ports = {"identity": free_port(), "compute": free_port(), "image": free_port()}
    node_env.update({"XCOMPUTE_DEVELOPMENT_TOKENS": "false", "XCOMPUTE_IDENTITY_PORT": str(ports["identity"]),
                     "XCOMPUTE_COMPUTE_PORT": str(ports["compute"]), "XCOMPUTE_IMAGE_PORT": str(ports["image"]),
                     "XCOMPUTE_PUBLIC_HOST": "127.0.0.1"})
    services.default_domain()
    services.builtin_roles()
    admin_project, demo_project = services.project("admin"), services.project("demo")
    services.grant(services.user("admin", PASSWORDS["admin"], default_project=admin_project), "admin",
                   project=admin_project)
    services.grant(services.user("demo", PASSWORDS["demo"], default_project=demo_project), "member",
                   project=demo_project)
    return {"identity": start_api(processes, node_env, "identity", "keystone", ports["identity"]),
            "compute": start_api(processes, node_env, "compute", "nova-api", ports["compute"]),
            "image": start_api(processes, node_env, "image", "glance-api", ports["image"])}


@pytest.fixture
def openstack(identity_node, tmp_path):
    """`openstack(*args, cloud=..., env=...)` with bootstrap's password clouds.yaml."""
    from node.management.commands.bootstrap import clouds_yaml

    config = tmp_path / "clouds.yaml"
    config.write_text(yaml.safe_dump(clouds_yaml(identity_node["identity"], PASSWORDS)))
    cli = str(Path(sys.executable).parent / "openstack")

    def run(*args, cloud="xcompute", env=None, check=True):
        result = subprocess.run([cli, *args], capture_output=True, text=True, timeout=120,
                                env={"OS_CLIENT_CONFIG_FILE": str(config), "OS_CLOUD": cloud, "PATH": "/usr/bin:/bin",
                                     **(env or {})})
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def rows(result) -> list | dict:
    return json.loads(result.stdout)


def test_the_cli_issues_a_token_creates_a_project_and_user_grants_a_role_and_the_user_lists_servers(openstack):
    token = rows(openstack("token", "issue", "-f", "json"))
    assert token["id"] and token["project_id"] and token["user_id"] and token["expires"]

    project = rows(openstack("project", "create", "p", "-f", "json"))
    assert project["name"] == "p" and project["domain_id"] == "default"
    user = rows(openstack("user", "create", "--password", "x", "--project", "p", "u", "-f", "json"))
    assert user["name"] == "u" and user["default_project_id"] == project["id"]
    openstack("role", "add", "--project", "p", "--user", "u", "member")

    assignments = rows(openstack("role", "assignment", "list", "--names", "-f", "json"))
    assert {"Role": "member", "User": "u@Default", "Project": "p@Default"}.items() <= next(
        row for row in assignments if row["User"] == "u@Default").items()
    assert {row["Name"] for row in rows(openstack("project", "list", "-f", "json"))} == {"admin", "demo", "p"}
    assert rows(openstack("project", "show", "p", "-f", "json"))["id"] == project["id"]
    assert "u" in {row["Name"] for row in rows(openstack("user", "list", "-f", "json"))}

    as_user = {"OS_USERNAME": "u", "OS_PASSWORD": "x", "OS_PROJECT_NAME": "p"}
    assert rows(openstack("server", "list", "-f", "json", env=as_user)) == []
    assert rows(openstack("token", "issue", "-f", "json", env=as_user))["project_id"] == project["id"]

    openstack("role", "remove", "--project", "p", "--user", "u", "member")
    refused = openstack("server", "list", env=as_user, check=False)
    assert refused.returncode != 0
    openstack("user", "delete", "u")
    openstack("project", "delete", "p")
    assert "p" not in {row["Name"] for row in rows(openstack("project", "list", "-f", "json"))}


def test_the_demo_cloud_is_a_member_and_a_wrong_password_is_refused(openstack):
    assert rows(openstack("server", "list", "-f", "json", cloud="xcompute-demo")) == []
    refused = openstack("project", "create", "nope", cloud="xcompute-demo", check=False)
    assert refused.returncode != 0 and "403" in refused.stderr
    wrong = openstack("token", "issue", env={"OS_PASSWORD": "wrong"}, check=False)
    assert wrong.returncode != 0 and "401" in wrong.stderr


def test_availability_zones_list_without_a_volume_service_in_the_catalog(openstack):
    result = openstack("availability", "zone", "list", "--long", "-f", "json")
    assert isinstance(rows(result), list)


def test_the_catalog_and_endpoints_are_listed(openstack, identity_node):
    catalog = {row["Type"]: row for row in rows(openstack("catalog", "list", "-f", "json"))}
    assert set(catalog) == {"identity", "compute", "placement", "image", "network"}
    endpoints = rows(openstack("endpoint", "list", "--interface", "public", "-f", "json"))
    assert f"{identity_node['compute']}/v2.1" in {row["URL"] for row in endpoints}


def test_an_application_credential_made_with_the_cli_logs_in(openstack, identity_node):
    created = rows(openstack("application", "credential", "create", "ci", "-f", "json", cloud="xcompute-demo"))
    assert created["Secret"] and {role["name"] for role in created["Roles"]} == {"member", "reader"}
    listed = rows(openstack("application", "credential", "list", "-f", "json", cloud="xcompute-demo"))
    assert [row["Name"] for row in listed] == ["ci"]
    as_credential = {"OS_AUTH_TYPE": "v3applicationcredential", "OS_AUTH_URL": identity_node["identity"], "OS_APPLICATION_CREDENTIAL_ID": created["ID"],
                     "OS_APPLICATION_CREDENTIAL_SECRET": created["Secret"]}
    token = rows(openstack("token", "issue", "-f", "json", env=as_credential, cloud=""))
    assert token["project_id"] == created["Project ID"]
    openstack("application", "credential", "delete", "ci", cloud="xcompute-demo")
