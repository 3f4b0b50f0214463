package geocatalog

import (
	"net/url"
	"time"
)

// SignOption asks the STAC read endpoints to sign the asset hrefs they
// return with a SAS token (sign=true), optionally for a given lifetime.
type SignOption struct {
	// Duration is the signature lifetime; zero means the service default.
	// It is converted to the unit of the client's api-version (see
	// durations.go: minutes for 2026-04-15, seconds for preview versions).
	Duration time.Duration
}

func (c *Client) signQuery(op string, s *SignOption, q url.Values) (url.Values, error) {
	if s == nil {
		return q, nil
	}
	if s.Duration < 0 {
		return nil, &InvalidArgumentError{Op: op, Param: "Sign.Duration", Reason: "must not be negative"}
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("sign", "true")
	if d := stacSignDuration(c.apiVersion, s.Duration); d > 0 {
		q.Set("duration", itoa(d))
	}
	return q, nil
}
