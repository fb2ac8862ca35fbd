"""What every weigher is, and Nova's normalisation of raw weights to 0..1 across the candidates."""
import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import ClassVar

from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

logger = logging.getLogger(__name__)


class BaseHostWeigher(ABC):
    """Subclasses give a raw weight per host; bigger wins once multiplied by a positive multiplier.

    `minval`/`maxval` (Nova's): fixed ends of the normalisation range, widened by the raw weights
    themselves; None means the smallest/largest raw weight. `multiplier_setting` names the
    XCOMPUTE_* setting holding the default multiplier; `aggregate_key`, the aggregate metadata key
    that overrides it per host (Nova's per-aggregate multipliers; the smallest value wins).
    `minimum_multiplier`: the lowest multiplier that makes sense (the soft group weighers refuse
    negative ones, as Nova does); None for any.
    """

    minval: ClassVar[float | None] = None
    maxval: ClassVar[float | None] = None
    multiplier_setting: ClassVar[str]
    aggregate_key: ClassVar[str]
    default_multiplier: ClassVar[float] = 1.0
    minimum_multiplier: ClassVar[float | None] = None

    @classmethod
    def name(cls) -> str:
        return cls.__name__

    @abstractmethod
    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        """The host's raw weight for the request (normalised across the candidates afterwards)."""

    def multiplier(self, host: HostState, configured: Mapping[str, float]) -> float:
        """The configured multiplier, unless the host's aggregates set `aggregate_key`."""
        default = configured.get(self.name(), self.default_multiplier)
        values = host.aggregate_metadata().get(self.aggregate_key)
        if not values:
            return default
        try:
            return min(float(value) for value in values)
        except ValueError:
            logger.warning("aggregate metadata %s=%s of host %s is not a number; using %s",
                           self.aggregate_key, sorted(values), host.host, default)
            return default


def normalize(weights: Sequence[float], minval: float | None = None, maxval: float | None = None) -> list[float]:
    """Map raw weights onto 0..1 between the range ends; all zeros when the range is empty.

    The ends are the given `minval`/`maxval` widened to include every weight, as Nova's weighers
    record them while weighing (so RAM/CPU/disk, with minval 0, compare free space against zero).
    """
    if not weights:
        return []
    low = min(weights) if minval is None else min(minval, *weights)
    high = max(weights) if maxval is None else max(maxval, *weights)
    if low == high:
        return [0.0] * len(weights)
    return [(weight - low) / (high - low) for weight in weights]
