"""Signing in to the dashboard with identity users: admins get in as staff, members and locked users are told
why not, and a session lasts only while its identity user is an enabled admin."""
from django.contrib.auth import get_user_model
from django.test import Client

from dashboard.authentication import IdentityAdminBackend
from identity import lockout
from identity.models import RoleAssignment
from identity.models import User as IdentityUser
from tests.dashboard.conftest import sign_in


def test_an_identity_admin_signs_in_and_becomes_a_staff_user(identity_users):
    client = Client()
    response = sign_in(client, "ops")
    assert response.status_code == 302 and response["Location"] == "/"
    staff = get_user_model().objects.get(username="ops")
    assert staff.is_staff and not staff.has_usable_password()
    assert client.get("/").status_code == 200


def test_a_member_with_the_right_password_is_refused_with_a_clear_message(identity_users):
    client = Client()
    response = sign_in(client, "alice")
    assert response.status_code == 200
    assert "does not hold the admin role" in response.content.decode()
    assert client.get("/").status_code == 302  # still sent to the sign-in page
    assert not get_user_model().objects.filter(username="alice").exists()


def test_a_wrong_password_is_refused(identity_users):
    response = sign_in(Client(), "ops", "wrong")
    assert response.status_code == 200 and "correct username and password" in response.content.decode()


def test_the_health_check_and_static_files_are_served_without_signing_in(db):
    client = Client()
    assert client.get("/healthcheck").content == b"OK"
    assert client.get("/static/admin/css/base.css").status_code == 200


def test_sign_in_without_the_csrf_token_is_refused(identity_users):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "ops", "password": "x"})
    assert response.status_code == 403


def test_failed_sign_ins_lock_the_user_who_is_then_refused_even_with_the_right_password(identity_users, settings):
    attempts = settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS
    client = Client()
    for _ in range(attempts):
        assert sign_in(client, "ops", "wrong").status_code == 200
    assert lockout.user_locked(identity_users["ops"].id)
    response = sign_in(client, "ops")
    assert response.status_code == 200 and "ops is locked after too many failed sign-ins" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_identity_api_counts_the_dashboards_failures_and_a_success_forgets_them(identity_users, settings):
    settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS = 3
    for _ in range(2):
        sign_in(Client(), "ops", "wrong")
    assert lockout.failures(lockout.user_key(identity_users["ops"].id)) == 2
    assert sign_in(Client(), "ops").status_code == 302
    assert lockout.failures(lockout.user_key(identity_users["ops"].id)) == 0


def test_an_address_with_too_many_failures_is_refused_whoever_signs_in(identity_users, settings):
    settings.XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    for name in ("nobody", "alice", "ops"):
        sign_in(client, name, "wrong")
    response = sign_in(client, "ops")
    assert response.status_code == 200 and "Too many failed sign-ins from this address" in response.content.decode()
    assert sign_in(Client(REMOTE_ADDR="10.9.9.9"), "ops").status_code == 302


def test_a_session_dies_when_the_admin_role_is_revoked(operator, identity_users):
    assert operator.get("/").status_code == 200
    RoleAssignment.objects.filter(user=identity_users["ops"], role__name="admin").delete()
    assert operator.get("/").status_code == 302


def test_a_session_dies_when_the_identity_user_is_disabled(operator, identity_users):
    IdentityUser.objects.filter(pk=identity_users["ops"].pk).update(enabled=False)
    assert operator.get("/").status_code == 302


def test_the_session_check_costs_at_most_two_queries(operator, django_assert_max_num_queries):
    staff = get_user_model().objects.get(username="ops")
    with django_assert_max_num_queries(2):
        assert IdentityAdminBackend().get_user(staff.pk) == staff
