// Package genfixture holds models that oapi-codegen generates from the
// schemas in openapi.yaml here, one of each kind it turns into a Go type
// (integers and floats of each size, enums, times, dates, UUIDs, e-mail
// addresses, bytes, files, maps, nested and nullable arrays, inline and
// nullable objects, unions, additional properties), and the decoders that
// internal/apigen writes for them. Its tests check every one against
// encoding/json, so that a kind the API's own spec does not use yet is
// proven before a new operation brings it. It is not an API.
package genfixture

//go:generate go tool -modfile=../../../internal/tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate go run ../../../internal/apigen -spec openapi.yaml -dir . -operations=
