"""whitenoise for the dashboard's static files, quiet when collectstatic has not been run."""
from pathlib import Path

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Without STATIC_ROOT on disk (tests, a fresh checkout) the apps' files are served through the finders
    (WHITENOISE_USE_FINDERS), so its absence is no cause for whitenoise's warning in every process."""

    def add_files(self, root, prefix=None):
        if Path(root).is_dir():
            super().add_files(root, prefix)
