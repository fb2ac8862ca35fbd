"""The services' Placement client is kept per thread, so its kept-alive HTTP connection is reused."""
import threading

from placement import client as placement_client


def test_one_thread_gets_the_same_client_and_its_session_every_time(settings):
    settings.XCOMPUTE_PLACEMENT_URL, settings.XCOMPUTE_PLACEMENT_TOKEN = "http://placement.test", "t"
    first = placement_client.from_settings()
    assert placement_client.from_settings() is first and first.session is placement_client.from_settings().session


def test_another_thread_and_other_settings_get_clients_of_their_own(settings):
    settings.XCOMPUTE_PLACEMENT_URL, settings.XCOMPUTE_PLACEMENT_TOKEN = "http://placement.test", "t"
    mine = placement_client.from_settings()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(placement_client.from_settings()))
    thread.start()
    thread.join()
    assert theirs[0] is not mine and theirs[0].session is not mine.session
    settings.XCOMPUTE_PLACEMENT_URL = "http://elsewhere.test"
    moved = placement_client.from_settings()
    assert moved is not mine and moved.base_url == "http://elsewhere.test"
