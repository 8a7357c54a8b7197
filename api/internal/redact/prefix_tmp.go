package redact

// Prefix is a stand-in until the linear matcher lands: String of text's
// first keep bytes and enough past them for an echo that straddles the cut.
func Prefix(text, secret string, keep int) string {
	end := min(len(text), keep+16*len(secret)+16)
	r := String(text[:end], secret)
	return r[:min(len(r), keep)]
}
