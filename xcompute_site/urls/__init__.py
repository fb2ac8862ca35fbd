"""One URL map per API service; settings.ROOT_URLCONF picks the one this process serves."""
