"""Every log line written while serving a request carries its request id."""
import logging


def test_log_lines_during_a_request_carry_its_request_id(admin_api, caplog):
    from tests.factories import make_service

    make_service()
    with caplog.at_level(logging.INFO, logger="hosts.services"):
        response = admin_api.put("/v2.1/os-services/disable", {"host": "compute1", "binary": "nova-compute"})
    records = [r for r in caplog.records if r.name == "hosts.services"]
    assert records
    from openstack_api.request_id import RequestIdLogFilter

    for record in records:
        RequestIdLogFilter().filter(record)
    assert {r.request_id for r in records} == {response["x-openstack-request-id"]}
