"""`make up` collects the static files; whitenoise then serves them from STATIC_ROOT, without the finders."""
from django.core.management import call_command
from django.test import Client


def test_collected_static_files_are_served_from_static_root(db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (settings.STATIC_ROOT / "admin" / "css" / "base.css").is_file()
    response = Client().get("/static/admin/css/base.css")
    assert response.status_code == 200 and b"".join(response.streaming_content)


def test_static_root_is_under_the_var_directory_which_git_ignores(settings):
    assert settings.STATIC_ROOT.is_relative_to(settings.VAR_DIR)
