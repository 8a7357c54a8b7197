package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Conversation returns the conversation with the given id, or an error; it
// never returns nil for both. A 404 matches ErrNotFound, and any failure to
// get a usable conversation is an *APIError or a transport error (see New).
func (c *ClientWithResponses) Conversation(ctx context.Context, id int64) (*Conversation, error) {
	if id < 1 {
		return nil, fmt.Errorf("healvi: conversation id %d: ids start at 1", id)
	}
	resp, err := c.GetConversation(context.WithValue(ctx, decodesItselfKey{}, true), id)
	if err != nil {
		return nil, err
	}
	body, err := usableBody(resp)
	if err != nil {
		return nil, err
	}
	// Decoded here rather than by ParseGetConversationResponse, which would
	// copy the body once more to learn what we know: it is 2xx JSON.
	if resp.StatusCode != http.StatusOK {
		return nil, newAPIError(resp, body, fmt.Errorf("%w: status %d is not the documented 200", ErrInvalidResponse, resp.StatusCode))
	}
	// The generated decoder, called directly: json.Unmarshal would first
	// scan the whole body once more to check it.
	var out ConversationResponse
	if err := out.UnmarshalJSON(body); err != nil {
		return nil, newAPIError(resp, body, fmt.Errorf("%w: %w", ErrInvalidResponse, err))
	}
	// Decoding leaves Data zero when "data" is missing or null, and ID zero
	// when the conversation has no id; ids start at 1, so a zero ID catches
	// all three without a second pass over the body.
	if out.Data.ID == 0 {
		return nil, newAPIError(resp, body, fmt.Errorf("%w: no conversation in the response (data is missing or null, or has no id)", ErrInvalidResponse))
	}
	return &out.Data, nil
}

// usableBody returns the body of a response that CheckResponse accepts.
// New's transport has done both already; any other doer's response is read
// here within the default limit and checked.
func usableBody(resp *http.Response) ([]byte, error) {
	if b, ok := resp.Body.(*checkedBody); ok {
		return b.data, nil
	}
	body, err := readBody(resp, defaultMaxBytes)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("healvi: %s: reading response body: %w", requestLine(resp), err)
	}
	if err := CheckResponse(resp, body); err != nil {
		return nil, err
	}
	return body, nil
}

// requestLine names the request behind resp, such as "GET /conversations/1".
func requestLine(resp *http.Response) string {
	if resp.Request == nil || resp.Request.URL == nil {
		return "request"
	}
	return resp.Request.Method + " " + resp.Request.URL.EscapedPath()
}
