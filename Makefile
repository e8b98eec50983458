# make demo   - the main job: the playable pygame demo (or, with no display, a generated level)
# make test   - the whole test suite (what CI runs)
# make lint   - ruff + mypy
# make bench  - performance scripts; each prints ratios against a peer measured in the same run
# make wheel-check - build wheel + sdist, install the wheel in a fresh venv, run it from an empty folder
#
# The first target creates .venv and installs the pinned, tested versions from constraints.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test lint bench wheel-check clean

$(STAMP): pyproject.toml setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	# torch first and pinned: a loose requirement would pull several GB of CUDA wheels.
	$(BIN)/python -m pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[models,game,dev,bench,fast,scale]'
	touch $(STAMP)

demo: $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$HEADLESS" ]; then \
		$(BIN)/procgen play; \
	else \
		mkdir -p $(OUT) && \
		$(BIN)/procgen generate platformer --seed 7 --difficulty 0.5 \
			--out $(OUT)/platformer.json --tmj $(OUT)/platformer.tmj --png $(OUT)/platformer.png --textured && \
		SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/procgen play --mode platformer --seed 7 \
			--autoplay --frames 4500 --screenshot $(OUT)/play.png && \
		echo "No display: wrote a level to $(OUT)/ (JSON, Tiled, PNG) and $(OUT)/play.png, the bot playing it." && \
		echo "On a desktop, 'make demo' opens the game."; \
	fi

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check procgen game tests benchmarks
	$(BIN)/mypy

# Load average at start and end: the figures are only as quiet as the machine was. Each script
# writes benchmarks/results/<name>.json; benchmarks/readme_table.py turns those into the README table.
bench: $(STAMP)
	@echo "load average at start: $$(cut -d' ' -f1-3 /proc/loadavg)"
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done
	@echo "load average at end: $$(cut -d' ' -f1-3 /proc/loadavg)"
	@$(BIN)/python benchmarks/readme_table.py

wheel-check: $(STAMP)
	PYTHON=$(BIN)/python .ci/wheel-check

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
