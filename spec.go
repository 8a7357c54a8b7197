package healvi

import _ "embed"

//go:embed openapi.yaml
var openAPI []byte

// OpenAPI returns openapi.yaml, the contract the api package is generated
// from, as embedded in this module: validators and fakes read the same
// bytes as the generator. The caller may keep and change the copy.
func OpenAPI() []byte {
	return append([]byte(nil), openAPI...)
}
