"""What every host filter is: a verdict on one host for one request, with a reason for the fault."""
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

if TYPE_CHECKING:
    from scheduling.config import SchedulerConfig


@dataclass(frozen=True)
class FilterResult:
    """Pass or fail; a failure's `reason` is short, names no host, and reads after the host name."""

    passed: bool
    reason: str = ""


PASS = FilterResult(True)


def reject(reason: str) -> FilterResult:
    return FilterResult(False, reason)


class BaseHostFilter(ABC):
    """Subclasses implement `host_passes`; they hold no per-request state, so one instance serves any
    request (a limit from the settings is fixed when the scheduler builds the filter).

    `run_filter_once_per_request` (Nova's name): True when the verdict cannot change between the
    instances of a multi-create, so the scheduler runs the filter for the first instance only.
    Filters that depend on where earlier instances of the same request went say False.
    """

    run_filter_once_per_request: ClassVar[bool] = True

    @classmethod
    def name(cls) -> str:
        return cls.__name__

    @classmethod
    def from_config(cls, config: "SchedulerConfig") -> "BaseHostFilter":
        """The filter as the scheduler runs it; filters with a configured limit override this."""
        return cls()

    @abstractmethod
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        """PASS, or `reject(reason)`."""
