// Package healvi is the root of the Healvi chat Go client module. Import the
// client from github.com/healvi-chat/healvi-go/api, and the fake server for
// your tests from github.com/healvi-chat/healvi-go/api/healvitest. This
// package only embeds openapi.yaml, the contract both are built on.
package healvi

// The first go:generate line rebuilds api/client.gen.go from openapi.yaml,
// with the settings in oapi-codegen.yaml. The generator is pinned in
// internal/tools/go.mod, a module of maintainer-only tools kept out of the
// module graph of programs that import api. The second writes, from
// openapi.yaml and api/client.gen.go, what follows from the spec beyond
// oapi-codegen's output (internal/apigen): the models' decoders, the
// operations CheckBody looks up, and a typed method per operation. The
// third regenerates the ogen client that the benchmarks compare with, in
// internal/bench, a module of its own that ./... does not reach. (api/internal/genfixture has go:generate lines of
// its own, which ./... runs.) internal/maintainer/gen_test.go fails when
// the committed code is not what the generators make today. The last line
// tidies go.mod: a spec that brings a new import into the generated code
// (github.com/oapi-codegen/nullable, for a property a PATCH can set to
// null) brings its module, and one that drops it takes it away.
//
//go:generate go tool -modfile=internal/tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate go run ./internal/apigen -spec openapi.yaml -dir api
//go:generate go -C internal/bench generate ./...
//go:generate go mod tidy
