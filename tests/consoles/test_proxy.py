"""What the proxy writes to its log never holds a usable token."""
from consoles.proxy import redact_tokens


def test_tokens_in_logged_paths_are_masked():
    assert redact_tokens("127.0.0.1: Path: '/?token=5L7Ic-b_9f&x=1'") == "127.0.0.1: Path: '/?token=***&x=1'"
    assert redact_tokens("GET /websockify?token=abc HTTP/1.1") == "GET /websockify?token=*** HTTP/1.1"
    assert redact_tokens("no secrets here") == "no secrets here"
