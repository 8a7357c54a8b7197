package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// fakeInstance stands in for your tenant's Healvi chat instance, so that the
// examples run; use api.TenantURL or the base URL you were given, such as
// https://1-some-client.some-server.healvi-chat/third-party/v1.
func fakeInstance() *healvitest.Server {
	srv, err := healvitest.Start(healvitest.WithToken("my-token"))
	if err != nil {
		log.Fatal(err)
	}
	return srv
}

// The quick start of README.md, as pasted there, against a fake instance:
// the environment points it at the fake, as HEALVI_BASE_URL and
// HEALVI_TOKEN point it at your tenant (or at `healvi serve`) in yours.
// TestReadmeQuickStartIsExample keeps the two the same.
func Example() {
	srv := fakeInstance()
	defer srv.Close()
	os.Setenv("HEALVI_BASE_URL", srv.URL)
	os.Setenv("HEALVI_TOKEN", "my-token")

	// quick start
	c, err := api.New(os.Getenv("HEALVI_BASE_URL"), os.Getenv("HEALVI_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	conv, err := c.Conversation(context.Background(), 123)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(conv.ID, conv.Status, conv.Customer.Name)
	// end of quick start

	// Output:
	// 123 to-do John Doe
}

func ExampleNew() {
	srv := fakeInstance()
	defer srv.Close()

	c, err := api.New(srv.URL, "my-token",
		api.WithTimeout(time.Minute),       // the whole call: every try, the waits between them, the body
		api.WithTryTimeout(10*time.Second), // each try, body included
		api.WithRetries(5),                 // after network errors, 429, 502, 503, 504
		api.WithMaxResponseBytes(1<<20),    // 1 MiB
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // applies too; the earlier limit wins
	defer cancel()
	conv, err := c.Conversation(ctx, 123)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(conv.LatestMessage.Status, conv.User.Email)
	// Output: created jane@example.com
}

// Errors are matched with errors.Is for their kind, and errors.As for the
// details of the response.
func Example_errors() {
	srv := fakeInstance()
	defer srv.Close()
	c, err := api.New(srv.URL, "my-token")
	if err != nil {
		log.Fatal(err)
	}

	_, err = c.Conversation(context.Background(), 7)
	fmt.Println(errors.Is(err, api.ErrNotFound))
	fmt.Println(err)

	// Rate limited for longer than the client waits by itself.
	srv.FailNext(1, healvitest.Status(429, "Retry-After", "120", "X-Request-Id", "req-1"))
	_, err = c.Conversation(context.Background(), 123)
	var apiErr *api.APIError
	if errors.Is(err, api.ErrRateLimited) && errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.RetryAfter, apiErr.RequestID)
	}
	// Output:
	// true
	// healvi: GET /third-party/v1/conversations/7: 404 Not Found: Conversation not found.
	// 429 2m0s req-1
}

// WithBearerToken adds the token to the plain generated constructor, which
// has no retries, limits or typed errors of its own: CheckResponse gives it
// the same errors as New's client.
func ExampleWithBearerToken() {
	srv := fakeInstance()
	defer srv.Close()

	c, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken("my-token"))
	if err != nil {
		log.Fatal(err)
	}
	r, err := c.GetConversationWithResponse(context.Background(), 123)
	if err == nil {
		err = api.CheckResponse(r.HTTPResponse, r.Body)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.StatusCode(), r.JSON200.Data.Customer.Name)
	// Output: 200 John Doe
}

func ExampleTenantURL() {
	u, err := api.TenantURL("1-some-client", "some-server")
	fmt.Println(u, err)
	// Output: https://1-some-client.some-server.healvi-chat/third-party/v1 <nil>
}
