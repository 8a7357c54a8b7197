# Everything here is plain go commands and the scripts in internal/tools; see
# CONTRIBUTING.md. `make check` runs what CI runs (.ci/run).
.PHONY: generate test test-maintainer check fmt nobinaries vet staticcheck actionlint vulncheck breaking modgraph drill demo serve bench bench-once fuzz

generate:
	go generate ./...

test:
	go test -race ./...

# The maintainer's tests, in a module of their own that ./... does not
# reach (internal/maintainer): the breaking gate's own tests, generated
# code freshness, the changelog against the released spec. They build the
# pinned tools; -count=1 as they read what the tools write.
test-maintainer:
	go test -C internal/maintainer -count=1 ./...

fmt:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

# No binary tracked by git (a NUL byte in a file's first 8 KiB, or an
# ELF, Mach-O or PE header).
nobinaries:
	internal/tools/nobinaries.sh

vet:
	go vet ./...
	go vet -C internal/maintainer ./...

# Static analysis, pinned in internal/tools, over the root, bench and
# maintainer modules.
staticcheck:
	go tool -modfile=internal/tools/go.mod staticcheck ./...
	cd internal/bench && go tool -modfile=../tools/go.mod staticcheck ./...
	cd internal/maintainer && go tool -modfile=../tools/go.mod staticcheck ./...

# The GitHub workflows, checked here before they fail there.
actionlint:
	go tool -modfile=internal/tools/actionlint/go.mod actionlint

# Known vulnerabilities (govulncheck) in the root, bench and tools modules,
# against the pinned snapshot of the Go vulnerability database, offline;
# VULNDB=default reads the live one, STDLIB=fail fails on the standard
# library's findings too (they depend on the Go that builds a program).
VULNDB ?=
STDLIB ?= report
vulncheck:
	go run -C internal/vulndb . -db '$(VULNDB)' -stdlib $(STDLIB)

# openapi.yaml against the newest released spec, internal/release/v*.yaml
# (or BASE=REV: its version at a git revision).
breaking:
	internal/tools/breaking.sh

# A new operation in a scratch copy of openapi.yaml, through go generate
# into every layer, built and tested there (internal/drill).
drill:
	go run ./internal/drill

# A program importing only api must see at most 87 modules.
modgraph:
	internal/tools/modgraph.sh

# gofmt, no binaries tracked, vet, staticcheck, actionlint, the tests with
# -race (spec lint rules among them), the maintainer's tests (generated
# code freshness and the gate's own tests), the gate, the module graph, the
# growth drill, the benchmarks run once, and the known vulnerabilities
# (offline).
check: fmt nobinaries vet staticcheck actionlint test test-maintainer breaking modgraph drill bench-once vulncheck

demo:
	go run ./cmd/healvi --demo

serve:
	go run ./cmd/healvi serve

# The contenders in turns over ROUNDS rounds (default 6), then benchstat's
# table with ratios to the floor; see internal/bench/README.md.
bench:
	@internal/bench/bench.sh

# Every benchmark compiled and run once, as CI does: no timing asserted.
bench-once:
	cd internal/bench && go test -count=1 -run . -bench . -benchtime=1x ./...

# Each fuzz target for FUZZTIME (default 60s).
FUZZTIME ?= 60s
FUZZ = go test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s -fuzz
fuzz:
	$(FUZZ) FuzzResponseHandling ./api/
	$(FUZZ) FuzzDecoderMatchesEncodingJSON ./api/
	$(FUZZ) FuzzOperationURL ./api/
	$(FUZZ) FuzzRoute ./api/contract/
	$(FUZZ) FuzzCheckRequest ./api/contract/
	$(FUZZ) FuzzDecodersMatchEncodingJSON ./api/internal/jsonread/
	$(FUZZ) FuzzValidMatchesJSONValid ./api/internal/jsonread/
	$(FUZZ) FuzzDecodersMatchEncodingJSON ./api/internal/genfixture/
	$(FUZZ) FuzzEveryEncodingMixIsRedacted ./api/internal/redact/
	$(FUZZ) FuzzEscapeLeavesNothingRaw ./api/internal/safetext/
