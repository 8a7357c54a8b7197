package api

import "github.com/google/uuid"

// NewIdempotencyKey returns a fresh key for an Idempotency-Key header: a
// random (version 4) UUID, as most APIs that take the header suggest. A
// typed method sends one with a write whose operation documents the
// header, unless its caller set one; set your own (one per write, the
// same when you send that write again) to make a write idempotent across
// calls, say after a restart.
func NewIdempotencyKey() string { return uuid.NewString() }
