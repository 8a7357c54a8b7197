package jsonread

// Track records which members of an object a decoder read and whether
// they were null, so that a response can be checked for the properties its
// schema requires in the same pass that decodes it. The generated decoders
// mark each member of the object they were given a Track for.
type Track struct {
	// Seen holds, by field index of the decoded struct, 0 for a member
	// that was absent, 1 for one that was null, 2 for one with a value.
	Seen []uint8
	// Data, when set, is the Track of the object in the member "data": the
	// resource of an envelope such as {"data": {...}}.
	Data *Track
}

// Mark records member k (-1, an unknown key, is ignored). A value beats a
// null of a repeated key: the value decoded first stays, as null leaves a
// value unchanged.
func (t *Track) Mark(k int, null bool) {
	if t == nil || k < 0 || k >= len(t.Seen) {
		return
	}
	v := uint8(2)
	if null {
		v = 1
	}
	t.Seen[k] = max(t.Seen[k], v)
}

// InData returns the Track for the object of the member "data", or nil.
func (t *Track) InData() *Track {
	if t == nil {
		return nil
	}
	return t.Data
}

// Required is a property that a schema requires and does not allow to be
// null.
type Required struct {
	Index int    // the field's index in the struct's JSON names
	Name  string // the property's name
}

// Missing returns the first of req that the object lacked or held as
// null: its name, and whether it was there as null. name is "" when
// nothing is missing.
func (t *Track) Missing(req []Required) (name string, null bool) {
	for _, r := range req {
		if seen := t.Seen[r.Index]; seen < 2 {
			return r.Name, seen == 1
		}
	}
	return "", false
}
