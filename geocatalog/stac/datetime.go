package stac

import (
	"fmt"
	"strings"
	"time"
)

// OpenBound is the open end of a STAC API datetime interval.
const OpenBound = ".."

// FormatTime formats t as RFC 3339 in UTC, with fractional seconds only when
// t has them.
func FormatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// DatetimeInstant returns the datetime parameter for the instant t.
func DatetimeInstant(t time.Time) string { return FormatTime(t) }

// DatetimeInterval returns the datetime parameter for the closed interval
// [start, end].
func DatetimeInterval(start, end time.Time) string {
	return FormatTime(start) + "/" + FormatTime(end)
}

// DatetimeFrom returns the datetime parameter for the open-ended interval
// that starts at start ("start/..").
func DatetimeFrom(start time.Time) string { return FormatTime(start) + "/" + OpenBound }

// DatetimeUntil returns the datetime parameter for the interval that ends
// at end ("../end").
func DatetimeUntil(end time.Time) string { return OpenBound + "/" + FormatTime(end) }

// DatetimeRange returns the datetime parameter for an interval whose nil
// bounds are open. Both nil gives "" (no datetime filter).
func DatetimeRange(start, end *time.Time) string {
	if start == nil && end == nil {
		return ""
	}
	s, e := OpenBound, OpenBound
	if start != nil {
		s = FormatTime(*start)
	}
	if end != nil {
		e = FormatTime(*end)
	}
	return s + "/" + e
}

// ParseDatetime parses a datetime parameter: an instant ("t", start and end
// are the same) or an interval ("a/b", where a or b may be ".." or empty for
// an open bound). It rejects an interval whose start is after its end.
func ParseDatetime(s string) (start, end *time.Time, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil, fmt.Errorf("stac: empty datetime")
	}
	a, b, isInterval := strings.Cut(s, "/")
	if !isInterval {
		t, err := ParseTime(s)
		if err != nil {
			return nil, nil, fmt.Errorf("stac: datetime %q is not RFC 3339", s)
		}
		return &t, &t, nil
	}
	parse := func(x string) (*time.Time, error) {
		if x == "" || x == OpenBound {
			return nil, nil
		}
		t, err := ParseTime(x)
		if err != nil {
			return nil, fmt.Errorf("stac: datetime bound %q is not RFC 3339", x)
		}
		return &t, nil
	}
	if start, err = parse(a); err != nil {
		return nil, nil, err
	}
	if end, err = parse(b); err != nil {
		return nil, nil, err
	}
	if start == nil && end == nil {
		return nil, nil, fmt.Errorf("stac: datetime interval %q has two open bounds", s)
	}
	if start != nil && end != nil && start.After(*end) {
		return nil, nil, fmt.Errorf("stac: datetime interval %q starts after it ends", s)
	}
	return start, end, nil
}
