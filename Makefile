# The two commands of the README: `make up` brings up the all-in-one cloud, `make test` runs the suite.
.PHONY: up down test install

up:
	ops/up.sh

down:
	ops/down.sh

test:
	ops/test.sh $(PYTEST_ARGS)

install:
	ops/install.sh
