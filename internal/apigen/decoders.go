package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// model is a struct type to write a decoder for.
type model struct {
	name   string // the type's name, or a name made up for an anonymous one
	typ    string // the type as Go source: name, or struct{...}
	where  string // for an anonymous one, where it stands: Kinds.inline
	fields []field
	ptr    bool // some field is a *name: write decodeNamePtr too
}

func (m *model) anonymous() bool { return m.typ != m.name }

type field struct {
	goName, jsonName string
	call             string // decodes into &v.<goName>, an expression of type error
	prop             string // what the spec says of it, a jsonread.Prop literal
}

// tracks reports whether a field's decoder takes the Tracker, t: a
// struct, slice, map or pointer to one, whose members the tracker follows.
func (f field) tracks() bool { return takesTracker(f.call) }

// takesTracker reports whether call, a decoder's call, passes it (or a
// function value it calls) the Tracker t.
func takesTracker(call string) bool { return strings.Contains(call, ", t)") }

// prop returns what the spec says of the property jsonName of the struct
// owner, as a jsonread.Prop literal. Of a struct the spec's walk did not
// reach (an anonymous one), nothing is known: no drift is found there.
func (g *decoders) prop(owner, jsonName string) string {
	s := g.schemas[owner]
	if s == nil {
		return "{Nullable: true}"
	}
	p := properties(s)[jsonName]
	req := contains(required(s), jsonName)
	nullable := p == nil || p.Nullable
	switch {
	case req && nullable:
		return "{Required: true, Nullable: true}"
	case req:
		return "{Required: true}"
	case nullable:
		return "{Nullable: true}"
	}
	return "{}"
}

// decoders plans the decoders of every struct type reachable from roots.
type decoders struct {
	pkg       *goPackage
	schemas   schemas
	models    map[string]*model
	order     []string
	known     map[string][]string // the name of a known-values table, to its values
	types     map[string]string   // a named type the decoders need a reflect.Type of, to its variable
	fallbacks []string            // "Type.field (type)": decoded by encoding/json
	// slices maps the call decoding an element to the generated function
	// that decodes a slice of such elements.
	slices     map[string]string
	sliceNames map[string]bool
	sliceOrder []sliceDecoder
	// anonymous names each anonymous struct for where it stands.
	anonymous map[*ast.StructType]string
	// unions are the oneOf types with a discriminator, by name: the
	// members, by discriminator value, whose drift their decoders track.
	unions     map[string][]unionMember
	unionOrder []string
}

// unionMember is one member of a union: the discriminator's value that
// names it, and its Go type.
type unionMember struct{ value, goType string }

// external maps the types of other packages that oapi-codegen emits to
// how jsonread decodes them; %s is a pointer to the value.
var external = map[string]string{
	"time.Time":           "d.Time(%s)",
	"*time.Time":          "d.TimePtr(%s)",
	"openapi_types.Date":  "d.Date(%s)",
	"*openapi_types.Date": "d.DatePtr(%s)",
	// Types with an UnmarshalJSON method, handed their value.
	"openapi_types.Email":    "d.JSON(%s)",
	"openapi_types.File":     "d.JSON(%s)",
	"openapi_types.Duration": "d.JSON(%s)",
	"json.RawMessage":        "d.JSON(%s)",
	// UnmarshalText only.
	"openapi_types.UUID": "d.Text(%s, reflect.TypeFor[openapi_types.UUID]())",
}

// builtin maps the predeclared types to jsonread's decoders.
var builtin = map[string]string{
	"string": "d.String(%s)", "*string": "d.StringPtr(%s)",
	"bool":  "d.Bool(%s)",
	"int64": "d.Int64(%s)", "*int64": "d.Int64Ptr(%s)",
	"int": "d.Int(%s)", "int32": "d.Int32(%s)", "int16": "d.Int16(%s)", "int8": "d.Int8(%s)",
	"uint64": "d.Uint64(%s)", "uint": "d.Uint(%s)", "uint32": "d.Uint32(%s)", "uint16": "d.Uint16(%s)", "uint8": "d.Uint8(%s)",
	"float64": "d.Float64(%s)", "float32": "d.Float32(%s)",
	"[]byte": "d.Bytes(%s)", "[]uint8": "d.Bytes(%s)",
	"interface{}": "d.Any(%s)", "any": "d.Any(%s)",
	"map[string]interface{}": "d.MapAny(%s)", "map[string]any": "d.MapAny(%s)",
}

func newDecoders(pkg *goPackage, sch schemas) *decoders {
	return &decoders{pkg: pkg, schemas: sch, models: map[string]*model{}, known: map[string][]string{},
		types: map[string]string{}, slices: map[string]string{}, sliceNames: map[string]bool{},
		anonymous: map[*ast.StructType]string{}, unions: map[string][]unionMember{}}
}

// add plans the decoder of a root type and of everything it reaches.
func (g *decoders) add(root ast.Expr) {
	g.call(root, "p", "", "")
}

// ownDecoder reports whether the package's type name decodes itself: it
// has an UnmarshalJSON (oapi-codegen's for additionalProperties and
// unions, or a hand-written x-go-type) or an UnmarshalText method.
func (g *decoders) ownDecoder(name string) (string, bool) {
	switch {
	case g.pkg.hasMethod(name, "UnmarshalJSON"):
		return "d.JSON(%s)", true
	case g.pkg.hasMethod(name, "UnmarshalText"):
		return "d.Text(%s, " + g.typeVar(name) + ")", true
	}
	return "", false
}

// union reports whether name is a oneOf that oapi-codegen keeps as raw
// JSON (its own UnmarshalJSON, a Discriminator method) and plans its
// decoder: the union's own UnmarshalJSON keeps the member as sent, and the
// decoder of the member its discriminator names reads it again for drift,
// so that a union's members are checked as every other object is.
func (g *decoders) union(name string) bool {
	if _, planned := g.unions[name]; planned {
		return true
	}
	s := g.schemas[name]
	if s == nil || s.Discriminator == nil || len(s.OneOf) == 0 || !g.pkg.hasMethod(name, "Discriminator") || !g.pkg.hasMethod(name, "UnmarshalJSON") {
		return false
	}
	values := map[string]string{} // component name to discriminator value
	for value, ref := range s.Discriminator.Mapping {
		values[ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]] = value
	}
	var members []unionMember
	for _, ref := range s.OneOf {
		component := ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
		goType := g.structNamed(component)
		if ref.Ref == "" || goType == "" {
			return false // an inline member has no Go type of its own to decode
		}
		value, ok := values[component]
		if !ok {
			value = component // OpenAPI's default: the schema's name
		}
		members = append(members, unionMember{value, goType})
	}
	sort.Slice(members, func(i, j int) bool { return members[i].value < members[j].value })
	g.unions[name] = members
	g.unionOrder = append(g.unionOrder, name)
	for _, m := range members {
		g.plan(m.goType)
	}
	return true
}

// structNamed finds the struct oapi-codegen generated for a component
// schema: its name, up to case and separators.
func (g *decoders) structNamed(component string) string {
	if g.pkg.structs[component] != nil {
		return component
	}
	for name := range g.pkg.structs {
		if normalize(name) == normalize(component) {
			return name
		}
	}
	return ""
}

// renderUnion writes the decoder of a union.
func (g *decoders) renderUnion(b *bytes.Buffer, name string) {
	fmt.Fprintf(b, "\n// decode%s decodes a %s as its UnmarshalJSON does, keeping the member\n// as sent, and tracks the drift of the member its discriminator names.\n", name, name)
	fmt.Fprintf(b, "func decode%s(d *jsonread.Decoder, p *%s, t *jsonread.Tracker) error {\n\tif err := d.JSON(p); err != nil {\n\t\treturn err\n\t}\n", name, name)
	b.WriteString("\tswitch disc, _ := p.Discriminator(); disc {\n")
	for _, m := range g.unions[name] {
		fmt.Fprintf(b, "\tcase %q:\n\t\tjsonread.TrackMember(p.union, t, decode%s)\n", m.value, m.goType)
	}
	b.WriteString("\t}\n\treturn nil\n}\n")
}

// typeVar returns the variable holding the reflect.Type of a named type.
func (g *decoders) typeVar(name string) string {
	v := "type" + name
	g.types[name] = v
	return v
}

// call returns an expression that decodes into target, a pointer to a
// value of type typ, as a field of owner (for messages and tables).
func (g *decoders) call(typ ast.Expr, target, owner, fieldName string) string {
	ts := typeString(typ)
	if f, ok := external[ts]; ok {
		return fmt.Sprintf(f, target)
	}
	if f, ok := builtin[ts]; ok {
		if ts == "string" || ts == "*string" {
			if known := g.knownFor(owner, fieldName); known != "" {
				return fmt.Sprintf("d.%sOf(%s, %s)", strings.TrimSuffix(strings.TrimPrefix(f, "d."), "(%s)"), target, known)
			}
		}
		return fmt.Sprintf(f, target)
	}
	switch t := typ.(type) {
	case *ast.Ident:
		if g.union(t.Name) {
			return fmt.Sprintf("decode%s(d, %s, t)", t.Name, target)
		}
		if f, ok := g.ownDecoder(t.Name); ok {
			return fmt.Sprintf(f, target)
		}
		if alias, ok := g.pkg.aliases[t.Name]; ok {
			return g.call(alias, target, owner, fieldName)
		}
		if under, ok := g.pkg.named[t.Name]; ok {
			// An enum or a named slice: decode as its underlying type,
			// and name this one in a type error.
			inner := g.call(under, fmt.Sprintf("(*%s)(%s)", typeString(under), target), owner, fieldName)
			return fmt.Sprintf("jsonread.AsType(%s, %s)", inner, g.typeVar(t.Name))
		}
		if g.pkg.structs[t.Name] != nil {
			g.plan(t.Name)
			return fmt.Sprintf("decode%s(d, %s, t)", t.Name, target)
		}
	case *ast.StructType:
		// An inline object of the spec: oapi-codegen writes an anonymous
		// struct, decoded by a function named for where it stands.
		name := g.anonymousName(t, owner, fieldName)
		if g.models[name] == nil {
			g.pkg.structs[name] = t
			where := owner
			if m := g.models[owner]; m != nil && m.anonymous() {
				where = m.where
			}
			g.planAs(name, g.pkg.source(t), where+"."+fieldName)
		}
		return fmt.Sprintf("decode%s(d, %s, t)", name, target)
	case *ast.StarExpr:
		if id, ok := t.X.(*ast.Ident); ok && g.pkg.structs[id.Name] != nil {
			if _, own := g.ownDecoder(id.Name); !own {
				g.plan(id.Name)
				g.models[id.Name].ptr = true
				return fmt.Sprintf("decode%sPtr(d, %s, t)", id.Name, target)
			}
		}
		return fmt.Sprintf("jsonread.Ptr(d, %s, %s)", target, g.elem(t.X, owner, fieldName))
	case *ast.ArrayType:
		if t.Len == nil {
			return fmt.Sprintf("%s(d, %s, t)", g.sliceFunc(t, owner, fieldName), target)
		}
	case *ast.MapType:
		if typeString(t.Key) == "string" {
			return fmt.Sprintf("jsonread.Map(d, %s, t, %s)", target, g.elem(t.Value, owner, fieldName))
		}
	}
	g.fallbacks = append(g.fallbacks, fmt.Sprintf("%s.%s (%s)", owner, fieldName, ts))
	return fmt.Sprintf("d.Fallback(%s)", target)
}

// anonymousName names the anonymous struct t of owner's field for where
// it stands (Kinds.inline is KindsInline), unless a type of the package
// has that name.
func (g *decoders) anonymousName(t *ast.StructType, owner, fieldName string) string {
	if name, ok := g.anonymous[t]; ok {
		return name
	}
	name := owner + goIdent(fieldName)
	for g.pkg.structs[name] != nil || g.pkg.named[name] != nil || g.pkg.aliases[name] != nil {
		name += "Object"
	}
	g.anonymous[t] = name
	return name
}

// sliceFunc returns the name of a generated function that decodes an array
// into a slice of type t, calling the element's decoder directly: a
// function value (jsonread.Slice) would make the Decoder escape to the
// heap. Fields whose elements decode alike share one, named for the type
// it decodes (decodeStringSlice); one that takes a field's known values is
// named for the field too (decodeStatusSliceOfKindsSEnumList).
func (g *decoders) sliceFunc(t *ast.ArrayType, owner, fieldName string) string {
	elem := g.call(t.Elt, "&s[i]", owner, fieldName)
	if name, ok := g.slices[elem]; ok {
		return name
	}
	name := "decode" + g.typeName(t, owner, fieldName)
	known := g.knownFor(owner, fieldName)
	if known != "" && strings.Contains(elem, known) {
		name += "Of" + strings.TrimPrefix(known, "known")
	} else {
		known = ""
	}
	base := name
	for n := 2; g.sliceNames[name]; n++ {
		name = base + strconv.Itoa(n)
	}
	g.sliceNames[name] = true
	g.slices[elem] = name
	g.sliceOrder = append(g.sliceOrder, sliceDecoder{name: name, typ: typeString(t), elem: elem, known: known})
	return name
}

// sliceDecoder is a generated function that decodes an array; known is the
// table of known values its elements take, if any.
type sliceDecoder struct{ name, typ, elem, known string }

// typeName names the Go type t in an identifier, for the helpers named for
// the type they decode: String for string, StringSlice for []string,
// ThingPtr for *Thing, Int64Map for map[string]int64, UUID for
// openapi_types.UUID, and an anonymous struct of owner's field as
// anonymousName does.
func (g *decoders) typeName(t ast.Expr, owner, fieldName string) string {
	switch t := t.(type) {
	case *ast.Ident:
		if t.Name == "any" {
			return "Any"
		}
		return strings.ToUpper(t.Name[:1]) + t.Name[1:]
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.StarExpr:
		return g.typeName(t.X, owner, fieldName) + "Ptr"
	case *ast.ArrayType:
		if t.Len != nil {
			return g.typeName(t.Elt, owner, fieldName) + "Array"
		}
		return g.typeName(t.Elt, owner, fieldName) + "Slice"
	case *ast.MapType:
		if typeString(t.Key) == "string" {
			return g.typeName(t.Value, owner, fieldName) + "Map"
		}
		return g.typeName(t.Key, owner, fieldName) + g.typeName(t.Value, owner, fieldName) + "Map"
	case *ast.InterfaceType:
		return "Any"
	case *ast.StructType:
		return g.anonymousName(t, owner, fieldName)
	}
	return "Value"
}

// article returns "a" or "an", whichever reads right before the type name
// s: an Agent, a User, an HTMLPage, a UUID, a []string.
func article(s string) string {
	if s == "" {
		return "a"
	}
	// An initialism is read letter by letter.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		if strings.ContainsRune("AEFHILMNORSX", rune(s[0])) {
			return "an"
		}
		return "a"
	}
	for _, p := range []string{"Uni", "Use", "Usu", "Uti", "Eu", "One", "Once"} {
		if strings.HasPrefix(s, p) {
			return "a" // a User, a Unit, a Euro
		}
	}
	if strings.ContainsRune("AEIOU", rune(s[0])) {
		return "an"
	}
	return "a"
}

// elem returns a function value decoding into a *typ, for Slice, Map, Ptr.
func (g *decoders) elem(typ ast.Expr, owner, fieldName string) string {
	return fmt.Sprintf("func(d *jsonread.Decoder, p *%s) error { return %s }", typeString(typ), g.call(typ, "p", owner, fieldName))
}

// knownFor returns the name of the table of known values of a string
// field, writing the table down, or "" when the spec knows none.
func (g *decoders) knownFor(owner, fieldName string) string {
	s := g.schemas[owner]
	if s == nil {
		return ""
	}
	values := knownValues(properties(s)[fieldName])
	if len(values) == 0 {
		return ""
	}
	name := "known" + owner + goIdent(fieldName)
	g.known[name] = values
	return name
}

// goIdent turns a JSON name into the part of a Go identifier.
func goIdent(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

// plan writes down the decoder of the struct type name, once.
func (g *decoders) plan(name string) {
	if g.models[name] == nil {
		g.planAs(name, name, "")
	}
}

// planAs writes down the decoder of a struct type written typ in Go; where
// is where an anonymous one stands.
func (g *decoders) planAs(name, typ, where string) {
	m := &model{name: name, typ: typ, where: where}
	g.models[name] = m
	g.order = append(g.order, name)
	for _, f := range g.pkg.structs[name].Fields.List {
		if len(f.Names) != 1 {
			// An embedded struct: its fields would need merging.
			g.fallbacks = append(g.fallbacks, fmt.Sprintf("%s (embedded %s)", name, typeString(f.Type)))
			continue
		}
		jn, ok := jsonName(f)
		if !ok {
			continue
		}
		target := "&v." + f.Names[0].Name
		call := g.call(f.Type, target, name, jn)
		m.fields = append(m.fields, field{goName: f.Names[0].Name, jsonName: jn, call: call, prop: g.prop(name, jn)})
	}
}

// jsonName returns a field's JSON name, and false for a field that
// encoding/json skips.
func jsonName(f *ast.Field) (string, bool) {
	if len(f.Names) != 1 {
		return "", false
	}
	name := f.Names[0].Name
	if !ast.IsExported(name) {
		return "", false
	}
	if f.Tag == nil {
		return name, true
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return name, true
	}
	v, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return name, true
	}
	if v == "-" {
		return "", false
	}
	if n, _, _ := strings.Cut(v, ","); n != "" {
		return n, true
	}
	return name, true
}

// render writes decode.gen.go.
func (g *decoders) render(source string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/apigen from %s. DO NOT EDIT.\n\npackage %s\n\n", source, g.pkg.name)
	b.WriteString("import (\n\t\"reflect\"\n\n")
	if strings.Contains(g.allCalls(), "openapi_types.") {
		b.WriteString("\topenapi_types \"github.com/oapi-codegen/runtime/types\"\n")
	}
	b.WriteString("\n\t\"github.com/healvi-chat/healvi-go/api/internal/jsonread\"\n)\n")

	if len(g.known) > 0 {
		b.WriteString("\n// Values the spec names for a string field (its enum, an example that is a\n// code), which the decoders take as they are instead of allocating a copy.\nvar (\n")
		for _, name := range sortedKeys(g.known) {
			fmt.Fprintf(&b, "\t%s = []string{%s}\n", name, quoteAll(g.known[name]))
		}
		b.WriteString(")\n")
	}
	if len(g.types) > 0 {
		b.WriteString("\n// The types that type errors name.\nvar (\n")
		for _, name := range sortedKeys(g.types) {
			fmt.Fprintf(&b, "\t%s = reflect.TypeFor[%s]()\n", g.types[name], name)
		}
		b.WriteString(")\n")
	}
	for _, name := range g.order {
		g.renderModel(&b, g.models[name])
	}
	for _, name := range g.unionOrder {
		g.renderUnion(&b, name)
	}
	for _, sd := range g.sliceOrder {
		doc := fmt.Sprintf("%s decodes a JSON array into a %s as encoding/json does (jsonread.Slice)", sd.name, sd.typ)
		if sd.known != "" {
			doc += ", taking the values in " + sd.known + " without a copy"
		}
		b.WriteString("\n" + comment(doc+"."))
		// An element whose decoder takes no tracker (a string, a number)
		// can hold no drift, so its index need not be entered.
		// Otherwise the element's own tracker shadows t: t itself, or nil
		// below a RootOnly top (see jsonread.Tracker.Element).
		enter, leave := "", ""
		if takesTracker(sd.elem) {
			enter, leave = "t := t.Element(i)\n\t\t", "\n\t\tt.Leave()"
		}
		fmt.Fprintf(&b, `func %[1]s(d *jsonread.Decoder, p *%[2]s, t *jsonread.Tracker) error {
	if null, err := d.OpenArray(reflect.TypeFor[%[2]s]()); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	s := *p
	i := 0
	for ; ; i++ {
		ok, err := d.Element(i)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		s = jsonread.Grow(s, i)
		%[4]sif err := %[3]s; err != nil {
			*p = s
			return err
		}%[5]s
	}
	*p = jsonread.Cut(s, i)
	return nil
}
`, sd.name, sd.typ, sd.elem, enter, leave)
	}
	return b.Bytes()
}

func (g *decoders) allCalls() string {
	var all []string
	for _, sd := range g.sliceOrder {
		all = append(all, sd.typ, sd.elem)
	}
	for _, m := range g.models {
		for _, f := range m.fields {
			all = append(all, f.call)
		}
	}
	for name := range g.types {
		all = append(all, name)
	}
	return strings.Join(all, "\n")
}

func (g *decoders) renderModel(b *bytes.Buffer, m *model) {
	var names, props []string
	for _, f := range m.fields {
		names = append(names, strconv.Quote(f.jsonName))
		props = append(props, f.prop)
	}
	fmt.Fprintf(b, `
var (
	type%[1]s  = reflect.TypeFor[%[3]s]()
	names%[1]s = []string{%[2]s}
	// props%[1]s is what openapi.yaml says of each property, by index.
	props%[1]s = []jsonread.Prop{%[4]s}
)
`, m.name, strings.Join(names, ", "), m.typ, strings.Join(props, ", "))
	what := article(m.name) + " " + m.name
	if m.anonymous() {
		what = "the object of " + m.where
	}
	if !m.anonymous() {
		b.WriteString("\n" + comment(fmt.Sprintf("UnmarshalJSON decodes %s exactly as encoding/json would, in one pass (see api/internal/jsonread).", what)))
		fmt.Fprintf(b, `func (v *%[1]s) UnmarshalJSON(b []byte) error {
	var d jsonread.Decoder
	d.Reset(b)
	if err := decode%[1]s(&d, v, nil); err != nil {
		return err
	}
	return d.Finish()
}
`, m.name)
	}
	structName := m.name
	if m.anonymous() {
		structName = "" // as encoding/json names an anonymous struct
	}
	b.WriteString("\n" + comment(fmt.Sprintf("decode%s decodes %s; t, when not nil, records how it differs from its schema (see jsonread.Tracker).", m.name, what)))
	schema := m.name
	if m.anonymous() {
		schema = m.where
	}
	fmt.Fprintf(b, `func decode%[1]s(d *jsonread.Decoder, v *%[2]s, t *jsonread.Tracker) error {
	if null, err := d.OpenObject(type%[1]s); null || err != nil {
		return err
	}
	var seen [%[3]d]uint8
	for n := 0; ; n++ {
		key, ok, err := d.Member(n)
		if err != nil {
			return err
		}
		if !ok {
			t.Close(seen[:], props%[1]s, names%[1]s, %[4]q)
			return nil
		}
		k := index%[1]s(key)
		if t != nil {
			if k < 0 {
				t.Undocumented(key, %[4]q)
			} else {
				jsonread.Mark(seen[:], k, d.Null())
			}
		}
		switch k {
`, m.name, m.typ, len(m.fields), schema)
	for k, f := range m.fields {
		if f.tracks() {
			// The member's own tracker shadows t, for every use of t in
			// the call: t itself, or nil below a RootOnly top (see
			// jsonread.Tracker.Member).
			fmt.Fprintf(b, "\t\tcase %d:\n\t\t\tt := t.Member(names%s[%d])\n\t\t\terr = %s\n\t\t\tt.Leave()\n", k, m.name, k, f.call)
		} else {
			fmt.Fprintf(b, "\t\tcase %d:\n\t\t\terr = %s\n", k, f.call)
		}
	}
	fmt.Fprintf(b, `		default:
			err = d.Skip()
		}
		if err != nil {
			if k >= 0 {
				return jsonread.InField(err, %[2]q, names%[1]s[k])
			}
			return err
		}
	}
}

`, m.name, structName)
	b.WriteString("\n" + comment(fmt.Sprintf("index%[1]s returns the index in names%[1]s of the field that key names, or -1.", m.name)))
	fmt.Fprintf(b, `func index%s(key []byte) int {
	switch string(key) {
`, m.name)
	for k, f := range m.fields {
		fmt.Fprintf(b, "\tcase %q:\n\t\treturn %d\n", f.jsonName, k)
	}
	fmt.Fprintf(b, "\t}\n\treturn jsonread.FoldedIndex(key, names%s)\n}\n", m.name)
	if m.ptr {
		b.WriteString("\n" + comment(fmt.Sprintf("decode%[1]sPtr decodes into the %[1]s that *p points to, allocating it when *p is nil; null sets *p to nil.", m.name)))
		fmt.Fprintf(b, `func decode%[1]sPtr(d *jsonread.Decoder, p **%[2]s, t *jsonread.Tracker) error {
	if d.Null() {
		*p = nil
		return d.Skip()
	}
	if *p == nil {
		*p = new(%[1]s)
	}
	return decode%[1]s(d, *p, t)
}
`, m.name, m.typ)
	}
}

// renderTests writes the generated test helpers: every struct with a
// generated decoder, for the differential tests, and what falls back.
func (g *decoders) renderTests(source string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/apigen from %s. DO NOT EDIT.\n\npackage %s\n\nimport \"reflect\"\n\n", source, g.pkg.name)
	b.WriteString("// decodedTypes are the structs with a generated decoder; the differential\n// tests decode into each of them with it and with encoding/json.\nvar decodedTypes = []reflect.Type{\n")
	for _, name := range g.order {
		if !g.models[name].anonymous() {
			fmt.Fprintf(&b, "\treflect.TypeFor[%s](),\n", name)
		}
	}
	b.WriteString("}\n\n// decodeFallbacks are the fields that no generated decoder reads: they\n// fall back to encoding/json, and a test fails while there are any.\nvar decodeFallbacks = []string{")
	sort.Strings(g.fallbacks)
	b.WriteString(quoteAll(g.fallbacks))
	b.WriteString("}\n")
	return b.Bytes()
}

func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
