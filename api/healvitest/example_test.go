package healvitest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// needsReply is the code under test: a function of your own that uses the
// client.
func needsReply(ctx context.Context, c *api.ClientWithResponses, id int64) (bool, error) {
	conv, err := c.Conversation(ctx, id)
	if errors.Is(err, api.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return conv.CustomerInteractionRequired && conv.ReplyPossible, nil
}

// In a test, healvitest.NewServer(t) starts the server, fails the test on a
// contract violation and closes the server when the test ends. Start does
// the same outside a test, as here.
func Example() {
	srv, err := healvitest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// One fault: the first request gets a 503, which the client retries.
	srv.FailNext(1, healvitest.Status(503, "Retry-After", "0"))

	c, err := api.New(srv.URL, srv.Token, api.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	reply, err := needsReply(context.Background(), c, healvitest.DocExampleID)
	fmt.Println(reply, err)
	for _, r := range srv.Requests() {
		fmt.Println(r)
	}
	// Output:
	// true <nil>
	// GET /third-party/v1/conversations/123 (authorized)
	// GET /third-party/v1/conversations/123 (authorized)
}
