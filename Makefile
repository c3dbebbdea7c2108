# The two commands a newcomer needs: `make serve` and `make test`. Both install what is missing.
.PHONY: serve test bench install fuzz
SHELL := /bin/bash

install:
	@scripts/install.sh

serve:
	@scripts/serve.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

# Fuzzing, not part of `make test`: each parser's target for FUZZ_SECONDS (default 60) seconds.
fuzz:
	@scripts/fuzz.sh
