// Package genfixture holds models that oapi-codegen generates from the
// schemas in openapi.yaml here, one of each kind it turns into a Go type
// (integers and floats of each size, enums, times, dates, UUIDs, e-mail
// addresses, bytes, files, maps, nested and nullable arrays, inline and
// nullable objects, unions with and without a discriminator, additional
// properties), and the decoders that internal/apigen writes for them. Its
// tests check every one against encoding/json, so that a kind the API's
// own spec does not use yet is proven before a new operation brings it.
//
// Its operations are one of each method (GET, PUT, POST answered 201 with
// an Idempotency-Key, PATCH with a nullable.Nullable property, DELETE
// answered 204) with a parameter of each kind (integer, date, enum and
// uuid path parameters; string, integer, number, enum, array and
// date-time query parameters, one required; a header parameter).
// internal/apigen's TestOperationsCompileForEveryKindOfBody writes their
// operations.gen.go in a scratch package, builds it and drives the typed
// methods on loopback (internal/apigen/testdata/typed_test.go.txt). It is
// not an API.
package genfixture

//go:generate go tool -modfile=../../../internal/tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate go run ../../../internal/apigen -spec openapi.yaml -dir . -operations=
