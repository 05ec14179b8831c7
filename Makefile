# Everything here runs on a fresh machine with only Go (and, for lint-spec/docs, Node and npm).
GO ?= go
OAPI := $(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

.PHONY: all generate check-generated test vet bench fuzz
.PHONY: lint-spec docs check-docs docs-test lint lint-go vulncheck check-tidy

all: generate vet test

## generate: regenerate gen/ (client) and gen/server/ (server interface) from api/openapi.yaml
generate:
	$(OAPI) -config oapi-codegen.yaml api/openapi.yaml
	$(OAPI) -config oapi-codegen.server.yaml api/openapi.yaml

## check-generated: fail if gen/ is not what the spec and the pinned generator produce
check-generated: generate
	@git diff --exit-code --stat -- gen || { echo "gen/ is out of date: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- gen)" || { git status --porcelain -- gen; echo "gen/ has untracked files"; exit 1; }

## test: the whole test suite with the race detector
test:
	$(GO) test -race -count=1 ./...

## vet: go vet over every package
vet:
	$(GO) vet ./...

## bench: the library's benchmarks, with allocations, then the peer benchmarks (BENCHMARKS.md)
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
	$(MAKE) -C benchmarks bench GO=$(GO)

.PHONY: bench-peers bench-smoke bench-generate bench-check-generated

## bench-peers: only the peer benchmarks in benchmarks/ (their own module): clients, iterator
## memory, concurrency and the mock against Prism, with benchstat tables and the targets
bench-peers:
	$(MAKE) -C benchmarks bench GO=$(GO)

## bench-smoke: compile the peer benchmarks and run each once, load tests for 1 s (for CI)
bench-smoke:
	$(MAKE) -C benchmarks smoke GO=$(GO)

## bench-generate: regenerate benchmarks/ogen, the ogen peer client, from api/openapi.yaml
bench-generate:
	$(MAKE) -C benchmarks generate GO=$(GO)

## bench-check-generated: fail if benchmarks/ogen is not what the pinned ogen makes
bench-check-generated:
	$(MAKE) -C benchmarks check-generated GO=$(GO)

# ---- Spec lint and HTML docs: Node tools pinned by tools/spec-lint/package-lock.json ----
SPEC       := api/openapi.yaml
SPEC_TOOLS := tools/spec-lint
NODE_BIN   := $(SPEC_TOOLS)/node_modules/.bin
NPM_STAMP  := $(SPEC_TOOLS)/node_modules/.installed
REDOCLY    := REDOCLY_TELEMETRY=off $(NODE_BIN)/redocly
DOCS_HTML  := api/docs/index.html

# npm ci on first use, and again whenever the lockfile changes.
$(NPM_STAMP): $(SPEC_TOOLS)/package-lock.json $(SPEC_TOOLS)/package.json
	cd $(SPEC_TOOLS) && npm ci
	@touch $@

## lint-spec: Spectral and Redocly over the spec; any error or warning fails
lint-spec: $(NPM_STAMP)
	$(NODE_BIN)/spectral lint --ruleset $(SPEC_TOOLS)/.spectral.yaml --fail-severity=warn $(SPEC)
	$(REDOCLY) lint --config $(SPEC_TOOLS)/redocly.yaml --lint-config=error $(SPEC)

## docs: build the single-file HTML reference (Redoc, scripts inlined) that package api embeds
docs: $(NPM_STAMP)
	@mkdir -p $(dir $(DOCS_HTML))
	$(REDOCLY) build-docs $(SPEC) --config $(SPEC_TOOLS)/redocly.yaml --lint-config=error --inlineBundle -o $(DOCS_HTML)

## check-docs: fail if the committed HTML reference is not what `make docs` builds from the spec
check-docs: docs
	@git diff --exit-code --stat -- $(DOCS_HTML) || { echo "$(DOCS_HTML) is out of date: run 'make docs' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- $(DOCS_HTML))" || { echo "$(DOCS_HTML) is not committed"; exit 1; }

## docs-test: open the HTML reference in headless Chromium, check every operation, screenshot it
docs-test: $(NPM_STAMP)
	node $(SPEC_TOOLS)/docs-test.mjs $(SPEC) $(DOCS_HTML) build/docs-test
