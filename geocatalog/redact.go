package geocatalog

import (
	"net/url"
	"regexp"
	"strings"
)

// sasSignature matches the signature of a SAS query string (sig=...), in
// plain or URL-encoded form, and bearer tokens.
var (
	sasSignature = regexp.MustCompile(`(?i)(sig(?:=|%3D))[^&"'\s<>]*`)
	bearerToken  = regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9\-_.~+/=]+`)
	jsonToken    = regexp.MustCompile(`(?i)("(?:token|sasToken|access_token)"\s*:\s*")[^"]*`)
)

// redact removes SAS signatures and tokens from s, so that it can go into an
// error text or a log line.
func redact(s string) string {
	if s == "" {
		return s
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "sig") {
		s = sasSignature.ReplaceAllString(s, "${1}REDACTED")
	}
	if strings.Contains(lower, "bearer") {
		s = bearerToken.ReplaceAllString(s, "${1}REDACTED")
	}
	if strings.Contains(lower, "token") {
		s = jsonToken.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}

// redactURL returns u without its query string values other than
// api-version (a SAS query string is a credential).
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return redact(u)
	}
	if p.RawQuery != "" {
		q := p.Query()
		for k := range q {
			if !strings.EqualFold(k, "api-version") {
				q[k] = []string{"REDACTED"}
			}
		}
		p.RawQuery = q.Encode()
	}
	p.User = nil
	return p.String()
}
