"""The fleet process: one Celery worker for every simulated host's queue, heartbeats and inventories."""
import logging

from celery import Celery

from hostagent import power_sync, tasks
from hostagent.heartbeat import Heartbeat
from hostagent.inventory import InventoryPolicy
from hostagent.queues import compute_queue
from hostagent.reporter import InventoryReporter
from hostagent.simulated.dispatch import HostDispatchDriver, host_drivers
from hostagent.simulated.fleet import Fleet
from hostagent.simulated.nodefile import write_node_files
from hostagent.simulated.rounds import Rounds
from xcompute_site import worker
from xcompute_site.celery_config import celery_config
from xcompute_site.env import env, report_interval, var_dir

logger = logging.getLogger(__name__)
BINARY = "nova-compute"


def build(fleet: Fleet) -> tuple[Celery, HostDispatchDriver, list[Rounds]]:
    """The app with the agent's tasks bound to every host's driver, and the per-host duties."""
    uris = write_node_files(fleet, var_dir() / "simulated")
    instances_path = env.str("XCOMPUTE_INSTANCES_PATH", default=str(var_dir() / "instances"))
    app = Celery("hostagent-simulated")
    app.conf.update(celery_config())
    driver = HostDispatchDriver(app, host_drivers(uris, instances_path, fleet.failing_hosts))
    tasks.register(app, driver=driver)
    power_sync.register(app, driver=driver)
    policy, inventory_interval = InventoryPolicy.from_env(env), env.int("XCOMPUTE_INVENTORY_INTERVAL", default=60)
    # Each host is named after itself (they all share this machine's libvirt hostname).
    reporters = [InventoryReporter(app, host=host, uri=uri, policy=policy, instances_path=instances_path,
                                   interval=inventory_interval, hypervisor_hostname=host) for host, uri in uris.items()]
    heartbeats = [Heartbeat(app, host, BINARY, report_interval()) for host in uris]
    duties = [
        Rounds("heartbeats", heartbeats, Heartbeat.beat, report_interval()),
        Rounds("inventory reports", reporters, InventoryReporter.report_if_changed, inventory_interval),
    ]
    # Simulated guests change only through the agent's own tasks: the periodic sync alone, no events.
    sync_interval = env.int("XCOMPUTE_SYNC_POWER_STATE_INTERVAL", default=600)
    if sync_interval > 0:
        syncs = [power_sync.PowerStateSync(app, driver.drivers[host], host, sync_interval) for host in uris]
        duties.append(Rounds("power-state syncs", syncs, power_sync.PowerStateSync.report_all, sync_interval))
    return app, driver, duties


def serve(fleet: Fleet) -> None:
    """Consume every host's queue until stopped; the duties run while the worker is ready.

    The worker is no service of its own (each of its hosts is), so it is served without the
    single-service heartbeat of `xcompute_site.worker.run_worker`.
    """
    app, driver, duties = build(fleet)
    logger.info("serving %d simulated hosts %s ... %s (%s vCPU, %s MB, %s GB each; failing builds: %s)",
                fleet.count, fleet.hosts[0], fleet.hosts[-1], fleet.vcpus, fleet.memory_mb, fleet.disk_gb,
                ", ".join(sorted(fleet.failing_hosts)) or "none")
    try:
        worker.serve(app, queues=[compute_queue(host) for host in fleet.hosts],
                     name=f"{BINARY}-simulated@{fleet.prefix}",
                     concurrency=env.int("XCOMPUTE_AGENT_CONCURRENCY", default=2), pool="threads",
                     companions=duties)
    finally:
        driver.close()
