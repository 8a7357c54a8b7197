# Everything here is plain go commands; see README.md.
.PHONY: generate test check demo bench fuzz

generate:
	go generate ./...

test:
	go test -race ./...

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	go test -race ./...

demo:
	go run ./cmd/healvi --demo

bench:
	go test -run '^$$' -bench . -benchmem ./api/

fuzz:
	go test -run '^$$' -fuzz FuzzResponseHandling -fuzztime 60s -fuzzminimizetime 2s ./api/
