package geocatalogtest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// sasVersion is the storage service version written in SAS tokens.
const sasVersion = "2025-01-05"

// sasSigner signs and verifies the container SAS tokens of one catalog with
// an HMAC key; rotating the key (POST /sas/token/revoke) revokes every token.
type sasSigner struct {
	key atomic.Pointer[[]byte]
}

func (s *sasSigner) rotate() {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	s.key.Store(&k)
}

func (s *sasSigner) sign(fields ...string) string {
	m := hmac.New(sha256.New, *s.key.Load())
	m.Write([]byte(strings.Join(fields, "\n")))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// token returns a read+list container SAS query string valid until expiry.
func (s *sasSigner) token(container string, expiry time.Time) string {
	st := time.Now().UTC().Add(-5 * time.Minute).Format(time.RFC3339)
	se := expiry.UTC().Format(time.RFC3339)
	sig := s.sign(container, "rl", st, se, "c", sasVersion)
	return "sv=" + sasVersion + "&st=" + url.QueryEscape(st) + "&se=" + url.QueryEscape(se) +
		"&sr=c&sp=rl&sig=" + url.QueryEscape(sig)
}

// verify checks a request's SAS for a read of container.
func (s *sasSigner) verify(container string, q url.Values) error {
	sig := q.Get("sig")
	if sig == "" {
		return errors.New("server failed to authenticate the request: no SAS signature")
	}
	want := s.sign(container, q.Get("sp"), q.Get("st"), q.Get("se"), q.Get("sr"), q.Get("sv"))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return errors.New("signature did not match")
	}
	se, err := time.Parse(time.RFC3339, q.Get("se"))
	if err != nil || time.Now().After(se) {
		return errors.New("signed expiry time has passed")
	}
	if !strings.Contains(q.Get("sp"), "r") {
		return errors.New("this request is not authorized to perform this operation using this permission")
	}
	return nil
}

// appendQuery appends a query string to href, replacing any query it had.
func appendQuery(href, query string) string {
	base, _, _ := strings.Cut(href, "?")
	return base + "?" + query
}

// redact returns href without its query string (SAS tokens stay out of messages).
func redact(href string) string {
	base, _, _ := strings.Cut(href, "?")
	return base
}
