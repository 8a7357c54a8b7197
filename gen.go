// Package healvi is the root of the Healvi chat Go client module. Import the
// client from github.com/healvi-chat/healvi-go/api, and the fake server for
// your tests from github.com/healvi-chat/healvi-go/api/healvitest. This
// package only embeds openapi.yaml, the contract both are built on.
package healvi

// The first go:generate line rebuilds api/client.gen.go from openapi.yaml,
// with the settings in oapi-codegen.yaml. The generator is pinned in
// internal/tools/go.mod, a module of maintainer-only tools kept out of the
// module graph of programs that import api. The second writes
// api/decode.gen.go, the models' fast JSON decoders, from
// api/client.gen.go. gen_test.go fails when the committed code is not what
// the generators make today.
//
//go:generate go tool -modfile=internal/tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate go run ./internal/decodegen -in api/client.gen.go -out api/decode.gen.go
