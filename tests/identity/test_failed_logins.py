"""Wrong passwords are refused alike; repeated failures lock the user (401) and slow the address (429)."""
from tests.identity.conftest import ADMIN_PASSWORD, DEMO_PASSWORD, password_auth

AUTH_REQUIRED = "The request you have made requires authentication."


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(identity):
    wrong = identity.post("/v3/auth/tokens", password_auth("demo", "nope"))
    unknown = identity.post("/v3/auth/tokens", password_auth("nobody", "nope"))
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"error": {"code": 401, "title": "Unauthorized",
                                                        "message": AUTH_REQUIRED}}


def test_a_user_is_locked_out_after_too_many_failures_even_with_the_right_password(identity, settings, keystone):
    settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS = 3
    for _ in range(3):
        assert identity.post("/v3/auth/tokens", password_auth("demo", "nope")).status_code == 401
    locked = identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD))
    assert locked.status_code == 401
    assert locked.json()["error"]["message"] == f"The account is locked for user: {keystone['demo'].id}."
    # Another user from the same address is not locked.
    assert identity.post("/v3/auth/tokens", password_auth("admin", ADMIN_PASSWORD)).status_code == 201


def test_the_lockout_ends_when_its_window_has_passed(identity, settings):
    from datetime import timedelta

    from django.utils import timezone

    from identity.models import FailedLogin

    settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS = 2
    for _ in range(2):
        identity.post("/v3/auth/tokens", password_auth("demo", "nope"))
    FailedLogin.objects.update(first_at=timezone.now() - timedelta(seconds=settings.XCOMPUTE_LOCKOUT_DURATION + 1))
    assert identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD)).status_code == 201


def test_a_success_forgets_the_users_earlier_failures(identity, settings):
    settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS = 2
    identity.post("/v3/auth/tokens", password_auth("demo", "nope"))
    assert identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD)).status_code == 201
    identity.post("/v3/auth/tokens", password_auth("demo", "nope"))
    assert identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD)).status_code == 201


def test_an_address_with_too_many_failures_gets_429(identity, settings):
    settings.XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS = 4
    for number in range(4):
        identity.post("/v3/auth/tokens", password_auth(f"guess-{number}", "nope"))
    response = identity.post("/v3/auth/tokens", password_auth("admin", ADMIN_PASSWORD))
    assert response.status_code == 429
    assert response.json()["error"]["title"] == "Too Many Requests"
    assert "failed authentication attempts" in response.json()["error"]["message"]
    assert 0 < int(response["Retry-After"]) <= settings.XCOMPUTE_LOCKOUT_DURATION


def test_passwords_are_stored_with_djangos_hashers(keystone):
    assert keystone["demo"].password.startswith(("pbkdf2_sha256$", "argon2$", "bcrypt"))
    assert DEMO_PASSWORD not in keystone["demo"].password
