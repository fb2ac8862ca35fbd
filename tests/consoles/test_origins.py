"""The proxy accepts browser pages from its own host and the allowed origins only (Nova's check)."""
import pytest

from consoles.origins import refusal


@pytest.mark.parametrize("origin, host, allowed", [
    (None, "proxy.example:6080", []),  # not a browser
    ("http://proxy.example:6080", "proxy.example:6080", []),
    ("https://proxy.example", "proxy.example:6080", []),
    ("https://dashboard.example:8000", "proxy.example:6080", ["dashboard.example"]),
    ("https://dashboard.example", "proxy.example:6080", ["https://Dashboard.example"]),
    ("http://[::1]:6080", "[::1]:6080", []),
])
def test_these_origins_are_accepted(origin, host, allowed):
    assert refusal(origin, host, allowed) is None


@pytest.mark.parametrize("origin, host, allowed", [
    ("http://evil.example", "proxy.example:6080", ["dashboard.example"]),
    ("http://proxy.example.evil.example", "proxy.example:6080", []),
    ("null", "proxy.example:6080", []),
    ("file:///home/x/page.html", "proxy.example:6080", []),
    ("ftp://proxy.example", "proxy.example:6080", []),
])
def test_these_origins_are_refused(origin, host, allowed):
    assert refusal(origin, host, allowed)
