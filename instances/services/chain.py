"""The build chain's entry points (`instances.build`, written with the conductor), found at call time.

Imported lazily so the API works, leaving servers in BUILD (or deleting), before the chain exists.
"""
import importlib
import logging
from types import ModuleType

logger = logging.getLogger(__name__)
MODULE = "instances.build"


def module() -> ModuleType | None:
    """`instances.build`, or None when it is not installed (anything else that fails to import raises)."""
    try:
        return importlib.import_module(MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != MODULE:
            raise
        return None


def start(instances, request_spec: dict) -> None:
    chain = module()
    if chain is None:
        logger.warning("instances %s stay in BUILD: the build chain (%s) is not installed",
                       ", ".join(str(instance.uuid) for instance in instances), MODULE)
        return
    chain.start(instances, request_spec)


def delete(instance) -> None:
    chain = module()
    if chain is None:
        logger.warning("instance %s stays deleting: the build chain (%s) is not installed", instance.uuid, MODULE)
        return
    chain.delete(instance)
