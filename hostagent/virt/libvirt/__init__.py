"""The only package that imports libvirt."""
