package spec_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/internal/spec"
)

func TestSpecPassesLint(t *testing.T) {
	if problems := spec.Lint(load(t)); len(problems) > 0 {
		t.Errorf("openapi.yaml breaks %d lint rules:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// Each rule must fire on the fixture's one case of it, or passing the test
// above proves nothing. The fixture is loaded without validation: kin-openapi
// would reject its bad examples before Lint could see them.
func TestLintFindsEachProblem(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("testdata/lint-bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, p := range spec.Lint(doc) {
		rule, where, _ := strings.Cut(p, ": ")
		where, _, _ = strings.Cut(where, ": ")
		rules = append(rules, rule+" "+where)
	}
	want := []string{
		"error-responses GET /things/{id}",
		"error-responses GET /things/{id}",
		"error-responses GET /things/{id}",
		"error-responses GET /things/{id}",
		"info info",
		"info info",
		"invalid-example GET /things/{id} response 200 application/json example wrong",
		"invalid-example components.schemas.Thing.size example",
		"nullable-without-type components.schemas.Thing.owner",
		"operation-docs GET /things/{id}",
		"operation-docs GET /things/{id}",
		"operation-docs GET /things/{id}",
		"response-description GET /things/{id} response 404",
		"response-example GET /things response 200",
		"typed-method GET /things response 2XX",
		"typed-method GET /things",
		"typed-method GET /things",
		"unused-schema components.schemas.Orphan",
	}
	if !reflect.DeepEqual(rules, want) {
		t.Errorf("Lint found\n%s\nwant\n%s", strings.Join(rules, "\n"), strings.Join(want, "\n"))
	}
}
