package api_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

func Example() {
	// A stand-in for your tenant's instance; use api.TenantURL or the base
	// URL you were given, such as https://1-some-client.some-server.healvi-chat/third-party/v1.
	srv, err := healvitest.Start(healvitest.WithToken("my-token"))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	c, err := api.New(srv.URL, "my-token")
	if err != nil {
		log.Fatal(err)
	}
	conv, err := c.Conversation(context.Background(), 123)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(conv.ID, conv.Status, conv.Customer.Name)

	_, err = c.Conversation(context.Background(), 7)
	fmt.Println(errors.Is(err, api.ErrNotFound))
	// Output:
	// 123 to-do John Doe
	// true
}

func ExampleTenantURL() {
	u, err := api.TenantURL("1-some-client", "some-server")
	fmt.Println(u, err)
	// Output: https://1-some-client.some-server.healvi-chat/third-party/v1 <nil>
}
