package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Conversation returns the conversation with the given id, or an error; it
// never returns nil for both. A 404 matches ErrNotFound, and any failure to
// get a usable conversation is an *APIError or a transport error (see New).
func (c *ClientWithResponses) Conversation(ctx context.Context, id int64) (*Conversation, error) {
	if id < 1 {
		return nil, fmt.Errorf("healvi: conversation id %d: ids start at 1", id)
	}
	resp, err := c.GetConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	// New's client has the body in memory already; any other doer is read
	// here within the default limit.
	body, err := readLimited(resp.Body, defaultMaxBytes, resp.ContentLength)
	resp.Body.Close()
	if errors.Is(err, ErrResponseTooLarge) {
		return nil, newAPIError(resp, body, err)
	}
	if err != nil {
		return nil, fmt.Errorf("healvi: GET conversation %d: reading response body: %w", id, err)
	}
	if err := CheckResponse(resp, body); err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	parsed, err := ParseGetConversationResponse(resp)
	if err != nil {
		return nil, newAPIError(resp, body, fmt.Errorf("%w: %w", ErrInvalidResponse, err))
	}
	if parsed.JSON200 == nil {
		return nil, newAPIError(resp, body, fmt.Errorf("%w: status %d is not the documented 200", ErrInvalidResponse, resp.StatusCode))
	}
	return &parsed.JSON200.Data, nil
}
