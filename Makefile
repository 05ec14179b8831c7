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

## fuzz: run every fuzz target for FUZZTIME each (the seed corpora also run in make test)
FUZZTIME ?= 20s
fuzz:
	@for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v '^./benchmarks/' | xargs -n1 dirname | sort -u); do \
	  for target in $$(grep -h '^func Fuzz' $$dir/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "== $$dir $$target ($(FUZZTIME))"; \
	    $(GO) test -run='^$$' -fuzz="^$${target}\$$" -fuzztime=$(FUZZTIME) $$dir || exit 1; \
	  done; \
	done

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

## bench-smoke: compile the library's and the peer benchmarks and run each once, load tests
## for 1 s (for CI)
bench-smoke:
	$(GO) test -run='^$$' -bench=. -benchtime=1x ./...
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

# ---- Go lint: each tool pinned here and built by `go install pkg@version` into bin/, from its
# own go.mod, so none of them enters the library's go.mod ----
TOOLS_BIN           := $(CURDIR)/bin
GOLANGCI_VERSION    := v2.15.0
GOVULNCHECK_VERSION := v1.9.0
# golang.org/x/vulndb: its data/osv holds the Go vulnerability database's OSV files, so the
# scan runs offline against a known snapshot. Bump it to see newer advisories.
VULNDB_VERSION      := v0.0.0-20261105234957-e22db6528018
GOLANGCI    := $(TOOLS_BIN)/golangci-lint-$(GOLANGCI_VERSION)/golangci-lint
GOVULNCHECK := $(TOOLS_BIN)/govulncheck-$(GOVULNCHECK_VERSION)/govulncheck
INDEXDB     := $(TOOLS_BIN)/indexdb-$(VULNDB_VERSION)/indexdb
VULNDB      := $(TOOLS_BIN)/vulndb-$(VULNDB_VERSION)
VULNREPORT  := tools/govulnreport

$(GOLANGCI):
	GOBIN=$(dir $@) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)
$(GOVULNCHECK):
	GOBIN=$(dir $@) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)
$(INDEXDB):
	GOBIN=$(dir $@) $(GO) install golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION)

# The database folder govulncheck reads, built by vulndb's own indexdb from its OSV files.
$(VULNDB)/index/db.json: $(INDEXDB)
	rm -rf $(VULNDB)
	osv=$$(cd $(VULNREPORT) && $(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p') && \
	  test -d "$$osv/data/osv" && $(INDEXDB) -vulns "$$osv/data/osv" -out $(VULNDB)

## lint: golangci-lint, govulncheck (offline) and the go.mod tidiness check
lint: lint-go vulncheck check-tidy

## lint-go: golangci-lint over every package, with .golangci.yml
lint-go: $(GOLANGCI)
	$(GOLANGCI) run ./...
	cd $(VULNREPORT) && $(GOLANGCI) run --config $(CURDIR)/.golangci.yml ./...

# How close to the code a required module's finding must come to fail (see tools/govulnreport):
# called, imported (a vulnerable package is compiled in, called or not) or required.
VULN_FAIL ?= imported

## vulncheck: govulncheck; a finding in a required module fails, the Go release's are listed
vulncheck: $(GOVULNCHECK) $(VULNDB)/index/db.json
	$(GOVULNCHECK) -db file://$(VULNDB) -format json ./... > $(TOOLS_BIN)/govulncheck.json
	cd $(VULNREPORT) && $(GO) test -count=1 ./... && $(GO) run . -fail=$(VULN_FAIL) < $(TOOLS_BIN)/govulncheck.json

## check-tidy: fail if `go mod tidy` would change go.mod or go.sum (it changes neither here)
check-tidy:
	$(GO) mod tidy -diff
	cd $(VULNREPORT) && $(GO) mod tidy -diff
