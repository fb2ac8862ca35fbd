"""`python -m hostagent.simulated --count N`: N simulated hypervisors in one database-free process.

One Celery worker consumes every host's `compute.<host>` queue and hands each task to the driver
of the host it was routed by; one thread heartbeats every host's `nova-compute` and one reports
every host's inventory. So 200 hosts cost one process, not 200 (see README, "Simulated hosts").
"""
import argparse
import logging
import os

from hostagent import isolation

logger = logging.getLogger("hostagent.simulated")


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options; each one left out falls back to its XCOMPUTE_SIMULATED_* variable."""
    parser = argparse.ArgumentParser(prog="python -m hostagent.simulated", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, help="number of hosts (XCOMPUTE_SIMULATED_HOSTS)")
    parser.add_argument("--prefix", help="host names are <prefix>-001... (XCOMPUTE_SIMULATED_PREFIX)")
    parser.add_argument("--vcpus", type=int, help="CPUs of each host (XCOMPUTE_SIMULATED_VCPUS)")
    parser.add_argument("--memory-mb", type=int, help="RAM of each host in MB (XCOMPUTE_SIMULATED_MEMORY_MB)")
    parser.add_argument("--disk-gb", type=int, help="disk of each host in GB (XCOMPUTE_SIMULATED_DISK_GB)")
    parser.add_argument("--failing-hosts", type=lambda text: [h for h in text.split(",") if h],
                        help="comma-separated hosts whose builds fail (XCOMPUTE_SIMULATED_FAILING_HOSTS)")
    return parser.parse_args(argv)


def configure_logging(level: str) -> None:
    from openstack_api import request_id

    handler = logging.StreamHandler()
    handler.addFilter(request_id.RequestIdLogFilter())
    logging.basicConfig(level=level, handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    request_id.connect_celery()


def main(argv=None) -> None:
    isolation.install()
    from hostagent.simulated.fleet import Fleet
    from hostagent.simulated.process import serve
    from xcompute_site.env import env

    args = parse_args(argv)
    configure_logging(env.str("XCOMPUTE_LOG_LEVEL", default="INFO"))
    fleet = Fleet.from_env(count=args.count, prefix=args.prefix, vcpus=args.vcpus, memory_mb=args.memory_mb,
                           disk_gb=args.disk_gb, failing_hosts=args.failing_hosts)
    if not fleet.count:
        logger.info("no simulated hosts to run (count 0)")
        return
    serve(fleet)


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
