package healvitest

import (
	"bytes"
	_ "embed"
)

// docExample is the example response of the vendor's documentation page
// "Show conversation by ID", copied byte for byte from the page into
// docexample.json. It must not be edited, slips included: its user.email is
// the number 123, where openapi.yaml says string.
//
//go:embed docexample.json
var docExample []byte

// DocExampleID is the id of the conversation in the documentation's example,
// which every server serves unless a test replaces it.
const DocExampleID = 123

// docExampleEmail is the string the server sends for user.email in place of
// the page's number 123: the one openapi.yaml's example uses.
const docExampleEmail = "jane@example.com"

// DocExample returns the documentation page's example response body,
// verbatim, with user.email the number 123. The server sends it only as the
// VerbatimPage quirk; normally it sends DocExampleOnContract.
func DocExample() []byte {
	return bytes.Clone(docExample)
}

// DocExampleOnContract returns the documentation's example response body as
// the server sends it for conversation DocExampleID: the page's bytes with
// user.email a string, so that it validates against openapi.yaml.
func DocExampleOnContract() []byte {
	return bytes.Replace(docExample, []byte(`"email": 123,`), []byte(`"email": "`+docExampleEmail+`",`), 1)
}
