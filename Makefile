# The two commands of the README: `make up` brings up the all-in-one cloud, `make test` runs the suite.
.PHONY: up down test install guest-image

up:
	ops/up.sh

down:
	ops/down.sh

test:
	ops/test.sh $(PYTEST_ARGS)

install:
	ops/install.sh

# The tiny test guest (kernel, initramfs, bootable disk) built from Debian packages into var/guest-image/.
guest-image:
	ops/guest-image.sh
