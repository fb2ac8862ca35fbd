"""The agent's image cache manager: every `interval` seconds, base images no guest uses and no build
fetched for `minimum_age` seconds are removed (Nova's `remove_unused_base_images` with
`remove_unused_original_minimum_age_seconds`, run every `[image_cache] manager_interval`)."""
import logging
import threading

logger = logging.getLogger(__name__)


class ImageCacheManager:
    def __init__(self, cache, driver, *, interval: int, minimum_age: int, remove_unused: bool = True):
        self.cache, self.driver = cache, driver
        self.interval, self.minimum_age, self.remove_unused = interval, minimum_age, remove_unused
        self._stop = threading.Event()

    def run_once(self) -> list[str]:
        """One pass: the image ids removed."""
        if not self.remove_unused:
            return []
        return self.cache.prune(self.driver.images_in_use(), self.minimum_age)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.run_once()
            except Exception:  # libvirt briefly away: the next pass retries
                logger.warning("image cache pass failed; retrying in %ss", self.interval, exc_info=True)

    def start(self) -> "ImageCacheManager":
        if self.interval > 0 and self.remove_unused:
            logger.info("image cache: unused bases older than %ss removed every %ss", self.minimum_age,
                        self.interval)
            threading.Thread(target=self._run, name="image-cache-manager", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
