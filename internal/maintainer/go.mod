// The maintainer's tests of the repository as a whole: the breaking-change
// gate, the freshness of the generated code, and the changelog against the
// released spec. A module of its own, so that `go test ./...` at the root,
// and so a user's `go test all`, never runs the pinned tools these tests
// build (oasdiff, oapi-codegen, ogen); make check and .ci/run run them.
module github.com/healvi-chat/healvi-go/internal/maintainer

go 1.26.0

require github.com/healvi-chat/healvi-go v0.0.0-00010101000000-000000000000

replace github.com/healvi-chat/healvi-go => ../..
