package jsonread

import (
	"reflect"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

var (
	typeDate = reflect.TypeFor[openapi_types.Date]()
	typeTime = reflect.TypeFor[time.Time]()
)

// Time hands the value to time.Time's own UnmarshalJSON, as encoding/json
// does (null included, which leaves the time unchanged), except for the
// most common form, "2023-01-01T12:00:00Z" with a day below 29, which it
// reads itself to the same value, four times faster.
func (d *Decoder) Time(p *time.Time) error {
	raw, err := d.raw()
	if err != nil {
		return err
	}
	if t, ok := simpleUTCTime(raw); ok {
		*p = t
		return nil
	}
	return valueError(p.UnmarshalJSON(raw), typeTime, d.i-len(raw))
}

// TimePtr decodes a nullable time.
func (d *Decoder) TimePtr(p **time.Time) error {
	if nullPtr(d, p) {
		return d.literal("null")
	}
	if *p == nil {
		*p = new(time.Time)
	}
	return d.Time(*p)
}

// simpleUTCTime reads "YYYY-MM-DDTHH:MM:SSZ", quotes included, when each
// part is in a range where time.Date and RFC 3339 parsing agree.
func simpleUTCTime(raw []byte) (time.Time, bool) {
	if len(raw) != 22 || raw[0] != '"' || raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' ||
		raw[14] != ':' || raw[17] != ':' || raw[20] != 'Z' || raw[21] != '"' {
		return time.Time{}, false
	}
	for _, k := range [...]int{1, 2, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19} {
		if raw[k]-'0' > 9 {
			return time.Time{}, false
		}
	}
	two := func(k int) int { return int(raw[k]-'0')*10 + int(raw[k+1]-'0') }
	year := two(1)*100 + two(3)
	month, day, hour, minute, sec := two(6), two(9), two(12), two(15), two(18)
	if month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

// Date does what openapi_types.Date.UnmarshalJSON does, without its second
// decoder: a JSON string holding a 2006-01-02 date. null is an error, as
// there: it reads as "", which is no date.
func (d *Decoder) Date(p *openapi_types.Date) error {
	var s []byte
	start := d.i
	switch d.peek() {
	case '"':
		var err error
		if s, err = d.stringBytes(); err != nil {
			return err
		}
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
	default:
		return d.wrongKind(typeDate)
	}
	t, err := time.Parse(openapi_types.DateFormat, string(s))
	if err != nil {
		return valueError(err, typeDate, start)
	}
	p.Time = t
	return nil
}

// DatePtr decodes a nullable date.
func (d *Decoder) DatePtr(p **openapi_types.Date) error {
	if nullPtr(d, p) {
		return d.literal("null")
	}
	if *p == nil {
		*p = new(openapi_types.Date)
	}
	return d.Date(*p)
}
