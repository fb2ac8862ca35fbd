"""Misconfiguration is refused by system checks at start-up."""
from node.checks import check_configuration


def ids(settings):
    return [problem.id for problem in check_configuration()]


def test_the_default_configuration_passes(settings):
    assert ids(settings) == []


def test_an_unknown_profile_is_an_error(settings):
    settings.XCOMPUTE_PROFILE = "staging"
    assert ids(settings) == ["xcompute.E001"]


def test_an_unknown_api_service_is_an_error(settings):
    settings.XCOMPUTE_API_SERVICE = "volume"
    assert ids(settings) == ["xcompute.E002"]


def test_a_down_time_not_above_the_report_interval_is_an_error(settings):
    settings.XCOMPUTE_REPORT_INTERVAL, settings.XCOMPUTE_SERVICE_DOWN_TIME = 10, 10
    assert ids(settings) == ["xcompute.E004"]


def test_a_down_time_below_two_intervals_is_a_warning(settings):
    settings.XCOMPUTE_REPORT_INTERVAL, settings.XCOMPUTE_SERVICE_DOWN_TIME = 10, 15
    assert ids(settings) == ["xcompute.W001"]


def test_a_non_positive_report_interval_is_an_error(settings):
    settings.XCOMPUTE_REPORT_INTERVAL = 0
    assert ids(settings) == ["xcompute.E003"]


def test_the_image_api_is_a_known_api_service(settings):
    settings.XCOMPUTE_API_SERVICE = "image"
    assert ids(settings) == []


def test_an_image_store_that_cannot_be_loaded_is_an_error(settings):
    from images.checks import check_image_storage

    settings.XCOMPUTE_IMAGE_STORAGE_BACKEND = "images.storage.nowhere.Storage"
    assert [problem.id for problem in check_image_storage()] == ["xcompute.E101"]


def test_an_image_api_without_a_writable_store_is_an_error(settings, tmp_path):
    from images.checks import check_image_storage

    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.XCOMPUTE_API_SERVICE, settings.XCOMPUTE_IMAGE_DIR = "image", str(blocker / "images")
    assert [problem.id for problem in check_image_storage()] == ["xcompute.E102"]


def test_unknown_placement_policy_defaults_are_an_error(settings):
    settings.XCOMPUTE_PLACEMENT_POLICY_DEFAULTS = "strict"
    assert ids(settings) == ["xcompute.E005"]
