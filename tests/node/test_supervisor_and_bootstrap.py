"""The all-in-one node's generated files: supervisord programs and the clients' clouds.yaml."""
import configparser
import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from hosts.choices import Binary
from node.supervisor import render


def parse(text):
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    return parser


def program_names(conf) -> set[str]:
    return {section.removeprefix("program:") for section in conf.sections() if section.startswith("program:")}


def test_supervisord_runs_one_program_per_binary_with_its_own_log(tmp_path, monkeypatch):
    monkeypatch.delenv("XCOMPUTE_SIMULATED_HOSTS", raising=False)
    conf = parse(render(Path("/srv/xc"), tmp_path, "/srv/xc/.venv/bin/python", {"XCOMPUTE_PROFILE": "demo"}))
    # Every registry binary, plus the image, network and identity APIs and the dashboard, which are no Nova
    # services and so not in the registry, plus the process serving the node's simulated hosts (three by default).
    assert program_names(conf) == {*Binary.values, "glance-api", "neutron-server", "keystone", "dashboard",
                                   "nova-compute-simulated"}
    assert conf["program:nova-api"]["stdout_logfile"] == str(tmp_path / "log" / "nova-api.log")
    assert conf["supervisord"]["environment"] == 'XCOMPUTE_PROFILE="demo"'


def test_the_agent_program_gets_no_database_settings(tmp_path):
    conf = parse(render(Path("/srv/xc"), tmp_path, "/srv/xc/.venv/bin/python", {}))
    assert conf["program:nova-compute"]["command"].endswith("-m hostagent")
    assert 'DATABASE_URL=""' in conf["program:nova-compute"]["environment"]


def test_the_simulated_hosts_run_in_one_program_without_database_settings_unless_there_are_none(
        tmp_path, monkeypatch):
    monkeypatch.setenv("XCOMPUTE_SIMULATED_HOSTS", "3")
    conf = parse(render(Path("/srv/xc"), tmp_path, "/srv/xc/.venv/bin/python", {}))
    assert conf["program:nova-compute-simulated"]["command"].endswith("-m hostagent.simulated")
    assert 'DATABASE_URL=""' in conf["program:nova-compute-simulated"]["environment"]
    monkeypatch.setenv("XCOMPUTE_SIMULATED_HOSTS", "0")
    conf = parse(render(Path("/srv/xc"), tmp_path, "/srv/xc/.venv/bin/python", {}))
    assert "nova-compute-simulated" not in program_names(conf)


def test_the_api_programs_bind_their_ports(tmp_path, monkeypatch):
    monkeypatch.setenv("XCOMPUTE_COMPUTE_PORT", "18774")
    conf = parse(render(Path("/srv/xc"), tmp_path, "/srv/xc/.venv/bin/python", {}))
    assert "--bind 0.0.0.0:18774" in conf["program:nova-api"]["command"]
    assert "--bind 0.0.0.0:8778" in conf["program:placement-api"]["command"]
    assert "--bind 0.0.0.0:9292" in conf["program:glance-api"]["command"]
    assert 'XCOMPUTE_API_SERVICE="image"' in conf["program:glance-api"]["environment"]
    assert "--bind 0.0.0.0:9696" in conf["program:neutron-server"]["command"]
    assert 'XCOMPUTE_API_SERVICE="network"' in conf["program:neutron-server"]["environment"]
    assert "--bind 0.0.0.0:5000" in conf["program:keystone"]["command"]
    assert 'XCOMPUTE_API_SERVICE="identity"' in conf["program:keystone"]["environment"]
    assert "uvicorn xcompute_site.asgi:application" in conf["program:dashboard"]["command"]
    assert "--port 8000" in conf["program:dashboard"]["command"]
    assert 'XCOMPUTE_API_SERVICE="dashboard"' in conf["program:dashboard"]["environment"]


@pytest.mark.django_db
def test_bootstrap_creates_the_admin_once_and_writes_a_usable_clouds_yaml(settings, tmp_path):
    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    call_command("bootstrap", stdout=io.StringIO())
    call_command("bootstrap", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    password = (tmp_path / "admin_password").read_text().strip()
    assert admin.is_superuser and admin.check_password(password)
    clouds = yaml.safe_load((tmp_path / "clouds.yaml").read_text())["clouds"]
    assert (tmp_path / "clouds.yaml").stat().st_mode & 0o777 == 0o600
    cloud = clouds["xcompute"]
    assert cloud["auth_type"] == "password" and cloud["identity_api_version"] == 3
    assert cloud["region_name"] == "RegionOne"
    assert cloud["auth"] == {"auth_url": "http://127.0.0.1:5000", "username": "admin", "password": password,
                             "project_name": "admin", "user_domain_name": "Default", "project_domain_name": "Default"}
    assert not [key for key in cloud if key.endswith("endpoint_override")]
    demo = clouds["xcompute-demo"]["auth"]
    assert (demo["username"], demo["project_name"]) == ("demo", "demo")
    assert demo["password"] == (tmp_path / "demo_password").read_text().strip()
    assert clouds["xcompute-placement"]["auth"]["username"] == "admin"
    from networks.models import Network

    default = Network.objects.get()  # one, however often bootstrap runs
    assert default.shared and default.is_default and default.subnets.get().cidr == "10.42.0.0/24"


@pytest.mark.django_db
def test_bootstrap_makes_keystones_records_once_and_the_passwords_log_in(settings, tmp_path):
    from identity.models import Domain, Project, Role, RoleAssignment, User

    settings.VAR_DIR = tmp_path
    call_command("bootstrap", stdout=io.StringIO())
    call_command("bootstrap", stdout=io.StringIO())
    assert Domain.objects.get().id == "default"
    assert sorted(Project.objects.values_list("name", flat=True)) == ["admin", "demo"]
    assert sorted(Role.objects.values_list("name", flat=True)) == ["admin", "member", "reader"]
    admin, demo = User.objects.get(name="admin"), User.objects.get(name="demo")
    assert admin.check_password((tmp_path / "admin_password").read_text().strip())
    assert demo.check_password((tmp_path / "demo_password").read_text().strip())
    grants = {(a.user.name, a.role.name, a.project.name if a.project else "system")
              for a in RoleAssignment.objects.all()}
    assert grants == {("admin", "admin", "admin"), ("admin", "admin", "system"), ("demo", "member", "demo")}
