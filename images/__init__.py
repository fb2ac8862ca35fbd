"""The Image service: Glance v2 image records and image data (port 9292)."""
