"""The node's networks, subnets and ports: a Neutron v2.0 subset on port 9696, with real IPAM."""
