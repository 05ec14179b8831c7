# Everything here runs on a fresh machine with only Go (and, for lint-spec/docs, Node and npm).
GO ?= go
OAPI := $(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

.PHONY: all generate check-generated test vet bench fuzz

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

## bench: the library's benchmarks, with allocations
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
