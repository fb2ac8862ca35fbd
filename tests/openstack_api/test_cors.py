"""CORS is off unless origins are configured; then browsers at those origins may call the APIs."""
ORIGIN = "https://dashboard.example"


def test_without_configured_origins_no_cors_headers_are_sent(placement_api, settings):
    # given no allowed origins (the default)
    settings.CORS_ALLOWED_ORIGINS = []
    # when a browser calls from another origin, then nothing allows it to read the answer
    response = placement_api.client.get("/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_configured_origin_is_allowed_and_may_send_the_openstack_headers(placement_api, settings):
    # given the dashboard's origin configured
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    # when the browser sends a preflight for a microversioned, authenticated request
    preflight = placement_api.client.options("/resource_providers", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-auth-token, openstack-api-version"})
    # then it is allowed, and the real answer lets the page read the request id
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert {"x-auth-token", "openstack-api-version"} <= set(preflight.headers["Access-Control-Allow-Headers"].split(", "))
    response = placement_api.client.get("/", headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "x-openstack-request-id" in response.headers["Access-Control-Expose-Headers"]


def test_an_origin_not_listed_gets_no_cors_headers(placement_api, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = placement_api.client.get("/", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
