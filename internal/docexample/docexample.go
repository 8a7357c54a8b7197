// Package docexample holds the example response of the vendor's
// documentation page "Show conversation by ID" (GET /conversations/{id}),
// verbatim: conversation.json is copied byte for byte from the page and must
// not be edited, slips included (user.email is the number 123 there).
package docexample

import _ "embed"

// Conversation is the documentation's example response body.
//
//go:embed conversation.json
var Conversation []byte

// ConversationID is the id of the conversation in Conversation.
const ConversationID = 123
