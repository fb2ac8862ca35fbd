"""Image service logic, one module per concern; views, admin and bootstrap call these, never the ORM."""
