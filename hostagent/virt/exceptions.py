"""What the virt driver raises; the agent reports these to the conductor as build or action failures."""


class VirtError(Exception):
    """A hypervisor operation failed; the message is fit for an instance fault."""


class InstanceNotFound(VirtError):
    pass


class UnsupportedHypervisor(VirtError):
    """This host's hypervisor cannot do what was asked (yet)."""
