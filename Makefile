# Everything here is plain go commands and the scripts in internal/tools; see
# README.md. `make check` runs what CI runs (.ci/run).
.PHONY: generate test check fmt vet breaking modgraph demo serve bench fuzz

generate:
	go generate ./...

test:
	go test -race ./...

fmt:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

vet:
	go vet ./...

# openapi.yaml against BASE (default: the newest v* tag, or HEAD).
breaking:
	internal/tools/breaking.sh

# A program importing only api must see at most 87 modules.
modgraph:
	internal/tools/modgraph.sh

# gofmt, vet, the tests with -race (spec lint rules, generated code
# freshness and the gate's own test among them), the gate, the module graph.
check: fmt vet test breaking modgraph

demo:
	go run ./cmd/healvi --demo

serve:
	go run ./cmd/healvi serve

bench:
	go test -run '^$$' -bench . -benchmem ./api/

fuzz:
	go test -run '^$$' -fuzz FuzzResponseHandling -fuzztime 60s -fuzzminimizetime 2s ./api/
