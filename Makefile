# Thin wrapper around the CMake presets. `make` builds build/moverx;
# `make test` builds the asan preset and runs every test through CTest; it
# builds the release preset first, so a warning only -O3 sees fails the
# tests rather than `make run`.
.PHONY: all moverx run tour test bench debug asan release format format-check clean

all: moverx

moverx: release
	@ln -sfn release/moverx build/moverx

release:
	cmake --preset release >/dev/null
	cmake --build --preset release

debug:
	cmake --preset debug >/dev/null
	cmake --build --preset debug

asan:
	cmake --preset asan >/dev/null
	cmake --build --preset asan

test: release asan
	ctest --preset asan

bench: release
	./build/release/bench_simulate
	@echo
	./build/release/bench_store --dir build

# The HTTP benchmark (wrk; installs nginx and wrk when missing): about 3 minutes,
# plus several minutes the first time to seed build/bench/demo-10k.db.
.PHONY: bench-server
bench-server: moverx
	./bench/bench_server.sh

# Lighthouse on the patient pages (installs its npm packages in bench/lighthouse).
.PHONY: bench-web
bench-web: moverx
	cd bench/lighthouse && npm ci --no-audit --no-fund
	node bench/lighthouse/run.mjs

run: moverx
	@./scripts/run.sh

tour: moverx
	@./scripts/example.sh

SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

format:
	clang-format -i $(SOURCES)

format-check:
	clang-format --dry-run --Werror $(SOURCES)

clean:
	rm -rf build
