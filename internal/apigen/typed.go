package main

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// typedName is the naming rule of the typed methods, from the operation's
// method and Go name (oapi-codegen's for its operationId). A GET whose
// operationId starts with get or list and a capital letter (the lint's
// typed-method rule asks every GET for one) is named for what it
// returns, without the verb, as Go names a getter: getConversation is
// Conversation, listConversations is Conversations. Any other operation
// keeps its whole name after Do: sendMessage is DoSendMessage, deleteNote
// is DoDeleteNote. Its bare name is taken: oapi-codegen's method of that
// name returns the *http.Response.
func typedName(method, goName string) string {
	if method == "GET" {
		for _, verb := range []string{"Get", "List"} {
			if rest, ok := strings.CutPrefix(goName, verb); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
				return rest
			}
		}
	}
	return "Do" + goName
}

// typedMethods writes a typed method for every operation, and the
// interface of the client with them.
func (w *opsWriter) typedMethods() (string, error) {
	var b strings.Builder
	var sigs []string
	taken := map[string]string{}
	for name := range w.pkg.methods["ClientWithResponses"] {
		taken[name] = "a method of ClientWithResponses"
	}
	for name := range w.pkg.clientMethods {
		taken[name] = "a method of ClientInterface"
	}
	for _, op := range w.ops {
		name := typedName(op.method, op.goName)
		var success []response
		for _, r := range op.responses {
			if r.success() {
				success = append(success, r)
			}
		}
		if len(success) != 1 {
			return "", fmt.Errorf("%s %s: %d 2xx responses: a typed method returns the one 2xx an operation documents (the lint's typed-method rule)", op.method, op.path, len(success))
		}
		r := success[0]
		if r.noContent && r.status == "2XX" {
			return "", fmt.Errorf("%s %s: a 2XX without content: a typed method checks for the one status it returns, so name it (204)", op.method, op.path)
		}
		if r.goType == nil && !r.noContent {
			return "", fmt.Errorf("%s %s: its %s response has a body that is not JSON: a typed method returns a JSON resource or nothing", op.method, op.path, r.status)
		}
		if by, ok := taken[name]; ok {
			return "", fmt.Errorf("%s %s: the typed method %s would clash with %s", op.method, op.path, name, by)
		}
		taken[name] = op.method + " " + op.path
		sig := w.pkg.clientMethods[op.goName]
		if sig == nil {
			return "", fmt.Errorf("%s %s: ClientInterface has no method %s", op.method, op.path, op.goName)
		}
		sigs = append(sigs, w.typedMethod(&b, op, name, sig, r))
	}
	if len(sigs) == 0 {
		return b.String(), nil
	}
	// The interface a caller mocks: every method of the client, the typed
	// ones too, which oapi-codegen's ClientWithResponsesInterface lacks.
	b.WriteString("\n" + comment("TypedClient is every method of ClientWithResponses, the typed methods included: "+
		"the interface to accept where code calls the API. Each operation the spec gains adds methods to it, so a "+
		"fake of it for tests should embed TypedClient and define only the methods the test calls: it then keeps "+
		"compiling as the API grows (a method it does not define panics, as a nil interface's would)."))
	b.WriteString("type TypedClient interface {\n\tClientWithResponsesInterface\n")
	for _, s := range sigs {
		b.WriteString("\t" + s + "\n")
	}
	b.WriteString("}\n\nvar _ TypedClient = (*ClientWithResponses)(nil)\n")
	return b.String(), nil
}

// argument is one parameter of a generated client method.
type argument struct {
	name string
	typ  ast.Expr
}

// typedMethod writes the typed method name of op, whose one success is r,
// and returns its signature, for the interface.
func (w *opsWriter) typedMethod(b *strings.Builder, op *operation, name string, sig *ast.FuncType, r response) string {
	var params, callArgs []string
	var args []argument
	for _, p := range sig.Params.List {
		var names []string
		for _, n := range p.Names {
			names = append(names, n.Name)
			args = append(args, argument{n.Name, p.Type})
			if _, variadic := p.Type.(*ast.Ellipsis); variadic {
				callArgs = append(callArgs, n.Name+"...")
			} else {
				callArgs = append(callArgs, n.Name)
			}
		}
		params = append(params, strings.Join(names, ", ")+" "+w.pkg.source(p.Type))
	}
	field := op.wrapper.fields[r.status]
	result, ret, fail := "", "", "return "
	if !r.noContent {
		result, ret, fail = typeString(r.goType), "r."+field, "return nil, "
		if bd := w.decoderFor(op, r); bd.data >= 0 {
			data := w.fieldType(bd.goType, "data")
			if star, ok := data.(*ast.StarExpr); ok {
				// A nullable component: its envelope's decoder has refused
				// a null already.
				result, ret = typeString(star.X), "r."+field+".Data"
			} else {
				result, ret = typeString(data), "&r."+field+".Data"
			}
		}
	}

	b.WriteString("\n")
	first := fmt.Sprintf("%s calls %s %s (%s)", name, op.method, op.path, op.id)
	if summary := strings.TrimSpace(op.summary); summary != "" {
		first += ": " + summary
	} else {
		first += "."
	}
	b.WriteString(comment(first))
	if op.description != "" {
		b.WriteString("//\n" + comment(op.description))
	}
	returns := fmt.Sprintf("It returns the %s of the %s response, or an error: never both, and never neither.", result, r.status)
	if r.noContent {
		returns = fmt.Sprintf("It returns nil for the %s response, which has no body, and an error for any other.", r.status)
	}
	checks := " It checks its parameters against openapi.yaml before anything is sent"
	for _, a := range args {
		if a.name == "body" {
			checks += " (its body is the server's to check)"
		}
	}
	if r.noContent {
		returns += checks + ", and is built on " + op.goName + "WithResponse."
	} else {
		returns += checks + ", and decodes the body once, as " + op.goName + "WithResponse does, with the same tolerance " +
			"of drift (see the package documentation, Errors and drift)."
	}
	b.WriteString("//\n" + comment(returns))
	if key := w.idempotencyKey(op); key != nil {
		b.WriteString("//\n" + comment(fmt.Sprintf("Unless params sets %s, it sends a fresh one (NewIdempotencyKey), the same on every "+
			"retry of this call: the server applies the write once however often it arrives, so the client may retry it.", key.Name)))
	}
	resultType := "error"
	if !r.noContent {
		resultType = "(*" + result + ", error)"
	}
	fmt.Fprintf(b, "func (c *ClientWithResponses) %s(%s) %s {\n", name, strings.Join(params, ", "), resultType)
	fmt.Fprintf(b, "\tif %s == nil {\n\t\t%serrNilContext\n\t}\n", args[0].name, fail)
	b.WriteString(w.argumentChecks(op, args[1:], fail))
	fmt.Fprintf(b, "\tr, err := c.%sWithResponse(%s)\n\tif err != nil {\n\t\t%serr\n\t}\n", op.goName, strings.Join(callArgs, ", "), fail)
	if r.noContent {
		fmt.Fprintf(b, "\tif r.StatusCode() != %s {\n\t\treturn notTheResult(r.HTTPResponse, r.Body, %q)\n\t}\n\treturn nil\n}\n", r.status, r.status)
		return fmt.Sprintf("%s(%s) error", name, strings.Join(params, ", "))
	}
	fmt.Fprintf(b, "\tif r.%s == nil {\n\t\treturn nil, notTheResult(r.HTTPResponse, r.Body, %q)\n\t}\n\treturn %s, nil\n}\n", field, r.status, ret)
	return fmt.Sprintf("%s(%s) %s", name, strings.Join(params, ", "), resultType)
}

// argumentChecks writes the checks of a typed method's arguments (after
// ctx): path parameters come first, in the order of the path, then the
// params struct of the query, header and cookie parameters, then the body.
func (w *opsWriter) argumentChecks(op *operation, args []argument, fail string) string {
	var b strings.Builder
	paths := w.pathParamsInOrder(op)
	for i, p := range paths {
		if i < len(args) {
			b.WriteString(w.argChecks(op, p, args[i].name, args[i].typ, fail))
		}
	}
	var params *argument
	for i := len(paths); i < len(args); i++ {
		if args[i].name == "params" {
			params = &args[i]
		}
	}
	if params == nil {
		return b.String()
	}
	star, _ := params.typ.(*ast.StarExpr)
	if star == nil {
		return b.String()
	}
	structName := typeString(star.X)
	key := w.idempotencyKey(op)
	var checks, required []string
	for _, p := range op.params {
		if p.In == "path" {
			continue
		}
		f := w.paramField(structName, p.Name)
		if f == nil {
			continue
		}
		// A key the caller leaves out is one the method makes: not
		// missing; and the caller's is checked as any argument is.
		if p.Required && p != key {
			required = append(required, p.Name)
		}
		check := w.argChecks(op, p, "params."+f.Names[0].Name, f.Type, fail)
		if _, ptr := f.Type.(*ast.StarExpr); p == key && !ptr && check != "" {
			check = fmt.Sprintf("\tif params.%s != \"\" {\n%s\t}\n", f.Names[0].Name, indentLines(check))
		}
		checks = append(checks, check)
	}
	if len(required) > 0 {
		fmt.Fprintf(&b, "\tif params == nil {\n\t\t%sinvalidParameter(operationID%s, %q, nil, \"required\")\n\t}\n", fail, op.goName, required[0])
	}
	if body := strings.Join(checks, ""); body != "" {
		if len(required) > 0 {
			b.WriteString(body) // params is not nil here
		} else {
			fmt.Fprintf(&b, "\tif params != nil {\n%s\t}\n", indentLines(body))
		}
	}
	if key != nil {
		f := w.paramField(structName, key.Name)
		unset, set := "params.%s == nil", "p.%s = &key"
		if _, ptr := f.Type.(*ast.StarExpr); !ptr {
			unset, set = `params.%s == ""`, "p.%s = key"
		}
		fmt.Fprintf(&b, "\tif params == nil || "+unset+" {\n", f.Names[0].Name)
		fmt.Fprintf(&b, "\t\tvar p %s\n\t\tif params != nil {\n\t\t\tp = *params\n\t\t}\n", structName)
		fmt.Fprintf(&b, "\t\tkey := NewIdempotencyKey()\n\t\t"+set+"\n\t\tparams = &p\n\t}\n", f.Names[0].Name)
	}
	return b.String()
}

// idempotencyKey is the operation's Idempotency-Key header parameter, if
// it documents one and the params struct has its field.
func (w *opsWriter) idempotencyKey(op *operation) *openapi3.Parameter {
	for _, p := range op.params {
		if p.In == "header" && strings.EqualFold(p.Name, "Idempotency-Key") && w.paramField(op.goName+"Params", p.Name) != nil {
			return p
		}
	}
	return nil
}

// paramField finds the field of the params struct that holds parameter
// name: oapi-codegen tags it with the parameter's name.
func (w *opsWriter) paramField(structName, name string) *ast.Field {
	st := w.pkg.structs[structName]
	if st == nil {
		return nil
	}
	for _, f := range st.Fields.List {
		if jn, ok := jsonName(f); ok && jn == name && len(f.Names) == 1 {
			return f
		}
	}
	return nil
}

// pathParamsInOrder sorts an operation's path parameters as oapi-codegen
// passes them: in the order they stand in the path.
func (w *opsWriter) pathParamsInOrder(op *operation) []*openapi3.Parameter {
	ps := append([]*openapi3.Parameter(nil), op.pathParams...)
	sort.SliceStable(ps, func(i, j int) bool {
		return strings.Index(op.path, "{"+ps[i].Name+"}") < strings.Index(op.path, "{"+ps[j].Name+"}")
	})
	return ps
}
