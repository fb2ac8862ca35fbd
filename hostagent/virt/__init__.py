"""The virtualisation driver interface and its libvirt implementation."""
