package main

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// bodyRecorder keeps the body of the last response the client read, so
// that `-o json` prints the response as the API sent it (its key order,
// numbers and unknown fields), not as the models re-encode it. The client's
// own transport still reads the body, within its size limit.
type bodyRecorder struct {
	mu   sync.Mutex
	body *bytes.Buffer
}

// client returns an HTTP client whose responses r records.
func (r *bodyRecorder) client() *http.Client {
	return &http.Client{Transport: r}
}

// RoundTrip implements http.RoundTripper over Go's default transport.
func (r *bodyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	buf := &bytes.Buffer{}
	r.mu.Lock()
	r.body = buf
	r.mu.Unlock()
	resp.Body = teeBody{Reader: io.TeeReader(resp.Body, buf), Closer: resp.Body}
	return resp, nil
}

// last returns the body of the last response.
func (r *bodyRecorder) last() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.body == nil {
		return nil
	}
	return r.body.Bytes()
}

type teeBody struct {
	io.Reader
	io.Closer
}
