"""Console access: hashed, expiring tokens and the websockify proxy that honours them."""
