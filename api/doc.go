// Package api is a Go client for the Healvi chat third-party REST API.
//
// The models, Client and ClientWithResponses are generated from the
// repository's openapi.yaml by oapi-codegen (client.gen.go); the files
// beside it add what a caller needs on top: New with bearer-token
// authentication, typed errors (APIError, ErrNotFound, ...), retries,
// timeouts and a response size limit.
//
//	c, err := api.New("https://1-some-client.some-server.healvi-chat/third-party/v1", token)
//	if err != nil {
//		return err
//	}
//	conv, err := c.Conversation(ctx, 123)
//	if errors.Is(err, api.ErrNotFound) {
//		// no such conversation
//	}
//
// Every method takes a context; its deadline or cancellation ends the call,
// retries included. One client is safe for use by many goroutines.
package api
