"""OpenStack API conventions shared by every service: request ids, microversions, errors, auth, policy."""
