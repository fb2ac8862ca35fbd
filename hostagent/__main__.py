"""`python -m hostagent`: the nova-compute agent of this host, run without Django or a database."""
import logging
import os

from hostagent import isolation


def main() -> None:
    isolation.install()
    from celery import Celery

    from hostagent import power_sync, tasks
    from hostagent.image_cache_manager import ImageCacheManager
    from hostagent.inventory import InventoryPolicy
    from hostagent.queues import compute_queue
    from hostagent.reporter import InventoryReporter
    from hostagent.virt.image_cache import ImageCache
    from hostagent.virt.libvirt.connection import choose_uri, open_connection
    from hostagent.virt.libvirt.driver import LibvirtDriver
    from openstack_api import request_id
    from xcompute_site.celery_config import celery_config
    from xcompute_site.env import development_tokens, env, host_name, service_token, var_dir
    from xcompute_site.worker import run_worker

    handler = logging.StreamHandler()
    handler.addFilter(request_id.RequestIdLogFilter())
    logging.basicConfig(level=env.str("XCOMPUTE_LOG_LEVEL", default="INFO"), handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    request_id.connect_celery()
    host = host_name()
    uri = choose_uri(env.str("XCOMPUTE_LIBVIRT_URI", default="auto"))
    # Fail at start-up, not at the first build, when the hypervisor cannot be reached.
    open_connection(uri).close()
    app = Celery("hostagent")
    app.conf.update(celery_config())
    instances_path = env.str("XCOMPUTE_INSTANCES_PATH", default=str(var_dir() / "instances"))
    image_cache = ImageCache(instances_path, env.str("XCOMPUTE_IMAGE_URL", default=(
        f"http://127.0.0.1:{env.int('XCOMPUTE_IMAGE_PORT', default=9292)}")),
        env.str("XCOMPUTE_IMAGE_TOKEN", default="admin:admin" if development_tokens() else service_token()))
    driver = LibvirtDriver(uri, instances_path, image_cache=image_cache,
                           virt_type=env.str("XCOMPUTE_LIBVIRT_VIRT_TYPE", default="auto"),
                           vnc_listen=env.str("XCOMPUTE_VNC_LISTEN", default="127.0.0.1"),
                           ephemeral_format=env.str("XCOMPUTE_DEFAULT_EPHEMERAL_FORMAT", default=""))
    tasks.register(app, driver=driver)
    cache_manager = ImageCacheManager(
        image_cache, driver, interval=env.int("XCOMPUTE_IMAGE_CACHE_MANAGER_INTERVAL", default=2400),
        minimum_age=env.int("XCOMPUTE_REMOVE_UNUSED_ORIGINAL_MINIMUM_AGE_SECONDS", default=86400),
        remove_unused=env.bool("XCOMPUTE_REMOVE_UNUSED_BASE_IMAGES", default=True))
    power_sync.register(app, driver=driver)
    power_states = power_sync.PowerStateSync(
        app, driver, host, interval=env.int("XCOMPUTE_SYNC_POWER_STATE_INTERVAL", default=600),
        events_uri=uri if env.bool("XCOMPUTE_HANDLE_VIRT_LIFECYCLE_EVENTS", default=True) else None)
    reporter = InventoryReporter(
        app, host=host, uri=uri, policy=InventoryPolicy.from_env(env),
        instances_path=instances_path,
        interval=env.int("XCOMPUTE_INVENTORY_INTERVAL", default=60),
        # Simulated hosts all share this machine's hostname; each is named after its host instead.
        hypervisor_hostname=host if uri.startswith("test:") else None,
    )
    run_worker(
        app,
        host=host,
        binary="nova-compute",
        queue=compute_queue(host),
        concurrency=env.int("XCOMPUTE_AGENT_CONCURRENCY", default=2),
        pool="threads",
        companions=[reporter, cache_manager, power_states],
    )


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
