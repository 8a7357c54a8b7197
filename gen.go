// Package healvi is the root of the Healvi chat Go client module. The client
// itself is in package github.com/healvi-chat/healvi-go/api; this file only
// holds the go:generate line that rebuilds it from openapi.yaml.
package healvi

//go:generate go tool oapi-codegen -config oapi-codegen.yaml openapi.yaml
