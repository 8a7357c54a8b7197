// Package healvi is the root of the Healvi chat Go client module. Import the
// client from github.com/healvi-chat/healvi-go/api.
//
// This file holds the go:generate line that rebuilds api/client.gen.go from
// openapi.yaml, with the settings in oapi-codegen.yaml and the generator
// version pinned by the tool directive in go.mod. gen_test.go fails when the
// committed code is not what the generator makes today.
package healvi

//go:generate go tool -modfile=internal/tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
