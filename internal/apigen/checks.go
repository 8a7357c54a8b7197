package main

import (
	"fmt"
	"go/ast"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// argChecks writes, as Go statements, the checks a typed method makes of
// one argument before it sends anything: expr, of Go type typ, is the
// value of parameter p, and each violation returns ret followed by
// invalidParameter. What a Go type already guarantees (a UUID's or a
// date's format) is not checked again; what the spec says and the type
// cannot hold is: bounds, lengths, counts, enums, and that a path
// parameter is not empty (/things/ is another resource than /things/{id}).
func (w *opsWriter) argChecks(op *operation, p *openapi3.Parameter, expr string, typ ast.Expr, ret string) string {
	if p.Schema == nil || p.Schema.Value == nil {
		return ""
	}
	c := &checker{w: w, op: "operationID" + op.goName, name: p.Name, ret: ret, path: p.In == "path"}
	return strings.Join(c.check(expr, typ, p.Schema.Value, 0), "")
}

type checker struct {
	w    *opsWriter
	op   string // the constant naming the operation
	name string // the parameter's name in the spec
	ret  string // "return nil, " or "return "
	path bool
}

func (c *checker) fail(cond, got, want string) string {
	return fmt.Sprintf("\tif %s {\n\t\t%sinvalidParameter(%s, %q, %s, %q)\n\t}\n", cond, c.ret, c.op, c.name, got, want)
}

func (c *checker) check(expr string, typ ast.Expr, s *openapi3.Schema, depth int) []string {
	switch t := typ.(type) {
	case *ast.StarExpr:
		inner := c.check("*"+expr, t.X, s, depth)
		if len(inner) == 0 {
			return nil
		}
		return []string{fmt.Sprintf("\tif %s != nil {\n%s\t}\n", expr, indentLines(strings.Join(inner, "")))}
	case *ast.ArrayType:
		var out []string
		if s.MinItems > 0 {
			out = append(out, c.fail(fmt.Sprintf("len(%s) < %d", expr, s.MinItems), "items(len("+expr+"))", fmt.Sprintf("at least %d", s.MinItems)))
		}
		if s.MaxItems != nil {
			out = append(out, c.fail(fmt.Sprintf("len(%s) > %d", expr, *s.MaxItems), "items(len("+expr+"))", fmt.Sprintf("at most %d", *s.MaxItems)))
		}
		if s.Items != nil && s.Items.Value != nil {
			v := "v" + strconv.Itoa(depth)
			if inner := c.check(v, t.Elt, s.Items.Value, depth+1); len(inner) > 0 {
				out = append(out, fmt.Sprintf("\tfor _, %s := range %s {\n%s\t}\n", v, expr, indentLines(strings.Join(inner, ""))))
			}
		}
		return out
	case *ast.Ident:
		return c.scalar(expr, t.Name, s)
	}
	return nil // a type of another package (UUID, Date, time.Time) holds only values of its format
}

func (c *checker) scalar(expr, goType string, s *openapi3.Schema) []string {
	var out []string
	if under, ok := c.w.pkg.named[goType].(*ast.Ident); ok {
		// A named type, as oapi-codegen writes an enum: its Valid method
		// knows the values, and its schema's bounds apply to the value.
		if c.w.pkg.hasMethod(goType, "Valid") && len(s.Enum) > 0 {
			out = append(out, c.fail("!"+operand(expr)+".Valid()", expr, "one of "+enumText(s.Enum)))
		}
		return append(out, c.bounds(under.Name, expr, s)...)
	}
	if goType == "string" && len(s.Enum) > 0 {
		var alts []string
		for _, e := range s.Enum {
			if v, ok := e.(string); ok {
				alts = append(alts, fmt.Sprintf("%s != %q", expr, v))
			}
		}
		if len(alts) > 0 {
			out = append(out, c.fail(strings.Join(alts, " && "), expr, "one of "+enumText(s.Enum)))
		}
	}
	return append(out, c.bounds(goType, expr, s)...)
}

// bounds checks a number's minimum and maximum, or a string's length.
func (c *checker) bounds(under, expr string, s *openapi3.Schema) []string {
	var out []string
	switch {
	case numeric[under]:
		if s.Min != nil {
			op, what := "<", "at least"
			if s.ExclusiveMin.IsTrue() {
				op, what = "<=", "more than"
			}
			out = append(out, c.fail(fmt.Sprintf("%s %s %s", expr, op, num(*s.Min)), expr, what+" "+num(*s.Min)))
		}
		if s.Max != nil {
			op, what := ">", "at most"
			if s.ExclusiveMax.IsTrue() {
				op, what = ">=", "less than"
			}
			out = append(out, c.fail(fmt.Sprintf("%s %s %s", expr, op, num(*s.Max)), expr, what+" "+num(*s.Max)))
		}
	case under == "string":
		if c.path && s.MinLength == 0 {
			out = append(out, c.fail(expr+` == ""`, expr, "not empty"))
		}
		if s.MinLength > 0 || s.MaxLength != nil {
			// One count of the characters, for both bounds.
			var bounds []string
			if s.MinLength > 0 {
				bounds = append(bounds, c.fail(fmt.Sprintf("n < %d", s.MinLength), "characters(n)", fmt.Sprintf("at least %d", s.MinLength)))
			}
			if s.MaxLength != nil {
				bounds = append(bounds, c.fail(fmt.Sprintf("n > %d", *s.MaxLength), "characters(n)", fmt.Sprintf("at most %d", *s.MaxLength)))
			}
			out = append(out, fmt.Sprintf("\t{\n\t\tn := utf8.RuneCountInString(string(%s))\n%s\t}\n", expr, indentLines(strings.Join(bounds, ""))))
		}
	}
	return out
}

// operand makes expr one a selector can follow: (*p).Valid(), not
// *p.Valid().
func operand(expr string) string {
	if strings.HasPrefix(expr, "*") {
		return "(" + expr + ")"
	}
	return expr
}

// numeric are the Go types of numbers that oapi-codegen writes.
var numeric = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"float32": true, "float64": true,
}

func enumText(enum []any) string {
	var vals []string
	for _, e := range enum {
		vals = append(vals, fmt.Sprint(e))
	}
	return strings.Join(vals, ", ")
}

func indentLines(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n\t") + "\n"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
