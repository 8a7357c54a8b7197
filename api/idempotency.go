package api

import (
	"crypto/rand"
	"encoding/hex"
)

// newIdempotencyKey is the Idempotency-Key a typed method sends with a
// write whose operation documents one, when its caller set none: 128
// random bits, fresh for each call and the same on every retry of it, so
// that the server applies the write once however often it arrives.
func newIdempotencyKey() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24 and later)
	return hex.EncodeToString(b[:])
}
