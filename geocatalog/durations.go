package geocatalog

import (
	"strconv"
	"strings"
	"time"
)

// Durations are time.Duration in the public API. The service takes whole
// units that differ per endpoint; this file is the one place where they are
// converted.
//
//   - /sas/token, /sas/sign, /sas/token/revoke: "duration" in minutes.
//   - STAC sign (GET /stac/collections[/{id}], search "duration"): the
//     2025-04-30-preview spec says seconds; the newest 2026-04-15 spec names
//     it durationInMinutes, so for 2026-04-15 and later the client sends
//     minutes, for preview versions seconds. The wire name stays "duration".
//
// Values are rounded up to a whole unit and are at least 1.

// sasDurationMinutes converts d for the /sas endpoints.
func sasDurationMinutes(d time.Duration) int64 { return ceilUnits(d, time.Minute) }

// stacSignDuration converts d for the STAC sign parameter of the given
// api-version.
func stacSignDuration(apiVersion string, d time.Duration) int64 {
	if stacSignInSeconds(apiVersion) {
		return ceilUnits(d, time.Second)
	}
	return ceilUnits(d, time.Minute)
}

// stacSignInSeconds reports whether apiVersion takes the STAC sign duration
// in seconds (preview versions before 2026-04-15).
func stacSignInSeconds(apiVersion string) bool {
	return strings.Contains(apiVersion, "preview") && apiVersion < "2026-04-15"
}

func ceilUnits(d, unit time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	n := int64(d / unit)
	if d%unit != 0 {
		n++
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
