"""The agent cannot reach the database: its import guard turns any ORM import into an error."""
import subprocess
import sys

from django.conf import settings

AGENT_PRELUDE = "from hostagent import isolation; isolation.install(); "


def run_agent_python(code):
    return subprocess.run([sys.executable, "-c", AGENT_PRELUDE + code], cwd=settings.BASE_DIR,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


def test_importing_the_orm_in_the_agent_fails():
    result = run_agent_python("import django.db")
    assert result.returncode != 0
    assert "DatabaseImportBlocked: the compute agent must not import django.db" in result.stderr


def test_importing_a_database_side_app_in_the_agent_fails():
    result = run_agent_python("import hosts.models")
    assert "DatabaseImportBlocked" in result.stderr


def test_everything_the_agent_runs_on_imports_under_the_guard():
    code = ("import hostagent.__main__, hostagent.heartbeat, hostagent.reporter, hostagent.inventory, "
            "hostagent.virt.libvirt.connection, hostagent.virt.libvirt.host, "
            "xcompute_site.celery_config, xcompute_site.worker; print('ok')")
    result = run_agent_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
