package contract_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// A CLI routes a path given below the base URL, at "/", and checks the
// request before it sends it.
func Example() {
	c, err := contract.Load()
	if err != nil {
		log.Fatal(err)
	}
	for _, target := range []string{"/conversations/123", "/conversations/abc", "/no/such/path"} {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		route, params, err := c.Route(r, "/")
		if errors.Is(err, contract.ErrNoOperation) {
			fmt.Println(err) // a CLI lists c.Operations() here
			continue
		}
		if err := c.CheckRequest(context.Background(), r, route, params); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(route.Operation.OperationID, params["id"])
	}
	// Output:
	// getConversation 123
	// request GET /conversations/abc breaks openapi.yaml: parameter "id" in path has an error: value abc: an invalid integer: invalid syntax
	// GET /no/such/path matches no operation of openapi.yaml
}
