"""Signing in to the dashboard with identity users: admins get in as staff, members are told why not."""
from django.contrib.auth import get_user_model
from django.test import Client

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
