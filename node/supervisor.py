"""The supervisord configuration that runs every service of the all-in-one node."""

from pathlib import Path

from node.endpoints import ports
from xcompute_site.env import env, simulated_hosts


def dashboard_workers() -> int:
    return env.int("XCOMPUTE_DASHBOARD_WORKERS", default=2)


# binary -> (command relative to the checkout, extra environment)
def programs(python: str) -> dict:
    port = ports()
    gunicorn = f"{Path(python).parent / 'gunicorn'} -c xcompute_site/gunicorn_conf.py xcompute_site.wsgi"
    result = {
        "keystone": (f"{gunicorn} --bind 0.0.0.0:{port['identity']}", {"XCOMPUTE_API_SERVICE": "identity"}),
        "nova-api": (f"{gunicorn} --bind 0.0.0.0:{port['compute']}", {"XCOMPUTE_API_SERVICE": "compute"}),
        "placement-api": (f"{gunicorn} --bind 0.0.0.0:{port['placement']}", {"XCOMPUTE_API_SERVICE": "placement"}),
        "glance-api": (f"{gunicorn} --bind 0.0.0.0:{port['image']}", {"XCOMPUTE_API_SERVICE": "image"}),
        "neutron-server": (f"{gunicorn} --bind 0.0.0.0:{port['network']}", {"XCOMPUTE_API_SERVICE": "network"}),
        # ASGI (uvicorn): the dashboard's pages and its live-update WebSockets (xcompute_site.asgi).
        "dashboard": (f"{python} -m uvicorn xcompute_site.asgi:application --host 0.0.0.0 --port {port['dashboard']} "
                      f"--workers {dashboard_workers()} --ws websockets-sansio --lifespan off --no-server-header "
                      "--timeout-graceful-shutdown 5",
                      {"XCOMPUTE_API_SERVICE": "dashboard"}),
        "nova-conductor": (f"{python} manage.py worker nova-conductor", {}),
        "nova-scheduler": (f"{python} manage.py worker nova-scheduler", {}),
        # The agent gets no database settings at all: it must work without them.
        "nova-compute": (f"{python} -m hostagent", {"DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": ""}),
        "nova-novncproxy": (f"{python} manage.py novncproxy", {}),
        # XCOMPUTE_SIMULATED_HOSTS simulated hypervisors beside the real one, all in one database-free
        # process (hostagent.simulated); left out when the count is 0.
        "nova-compute-simulated": (f"{python} -m hostagent.simulated",
                                   {"DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": ""}),
    }
    if simulated_hosts() <= 0:
        del result["nova-compute-simulated"]
    return result


def _environment(values: dict) -> str:
    return ",".join(f'{key}="{value}"' for key, value in values.items())


def render(root: Path, var_dir: Path, python: str, environment: dict) -> str:
    log_dir = var_dir / "log"
    sections = [
        "[supervisord]",
        f"logfile={log_dir / 'supervisord.log'}",
        f"pidfile={var_dir / 'supervisord.pid'}",
        f"directory={root}",
        f"environment={_environment(environment)}" if environment else "",
        "",
        "[unix_http_server]",
        f"file={var_dir / 'supervisor.sock'}",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{var_dir / 'supervisor.sock'}",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
    ]
    for name, (command, extra_env) in programs(python).items():
        sections += [
            "",
            f"[program:{name}]",
            f"command={command}",
            f"directory={root}",
            f"stdout_logfile={log_dir / (name + '.log')}",
            "redirect_stderr=true",
            "stopasgroup=true",
            "killasgroup=true",
            "stopwaitsecs=20",
            "startsecs=3",
            "autorestart=true",
        ]
        if extra_env:
            sections.append(f"environment={_environment(extra_env)}")
    return "\n".join(line for line in sections if line is not None) + "\n"


