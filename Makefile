# The two commands a newcomer needs: `make serve` and `make test`. Both install what is missing.
.PHONY: serve test bench install
SHELL := /bin/bash

install:
	@scripts/install.sh

serve:
	@scripts/serve.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh
