package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// parseFaults reads a -faults specification: comma-separated key=value
// pairs among throttle, error, drop, opfail (probabilities in [0,1]), rate
// (requests per second), seed (an integer) and retry-after (a duration),
// and adds latency (the -latency flag) to every route.
func parseFaults(spec string, latency time.Duration) (geocatalogtest.Faults, error) {
	var f geocatalogtest.Faults
	if latency < 0 {
		return f, fmt.Errorf("-latency %v: must not be negative", latency)
	}
	if latency > 0 {
		f.Latency = map[string]time.Duration{"*": latency}
	}
	for _, kv := range strings.Split(spec, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return f, fmt.Errorf("-faults %q: %q is not key=value", spec, kv)
		}
		if err := setFault(&f, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return f, fmt.Errorf("-faults %q: %w", spec, err)
		}
	}
	return f, nil
}

// setFault sets one key of f.
func setFault(f *geocatalogtest.Faults, k, v string) error {
	switch k {
	case "seed":
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("seed %q: not an unsigned integer", v)
		}
		f.Seed = n
		return nil
	case "retry-after":
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("retry-after %q: not a duration", v)
		}
		f.RetryAfter = d
		return nil
	case "rate":
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return fmt.Errorf("rate %q: not a non-negative number", v)
		}
		f.RateLimit = r
		return nil
	}
	p, err := strconv.ParseFloat(v, 64)
	if err != nil || p < 0 || p > 1 {
		return fmt.Errorf("%s %q: not a probability in [0,1]", k, v)
	}
	switch k {
	case "throttle":
		f.ThrottleRate = p
	case "error":
		f.ErrorRate = p
	case "drop":
		f.DropRate = p
	case "opfail":
		f.OperationFailureRate = p
	default:
		return fmt.Errorf("unknown key %q (want throttle, error, drop, opfail, rate, retry-after or seed)", k)
	}
	return nil
}
