package geocatalog

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// The secrets redact removes: SAS signatures (sig=..., plain or URL-encoded),
// OAuth parameters in query strings, bearer, basic and shared-key
// credentials, and token fields of JSON bodies.
var (
	sasSignature = regexp.MustCompile(`(?i)((?:sig|access_token|refresh_token|id_token|client_secret|code_verifier)(?:=|%3D))[^&"'\s<>]*`)
	bearerToken  = regexp.MustCompile(`(?i)(bearer\s+)([A-Za-z0-9\-_.~+/]+=*)`)
	otherScheme  = regexp.MustCompile(`(?i)((?:basic|sharedkey|sharedkeylite|sharedaccesssignature)\s+)[^\s,"']+`)
	jsonToken    = regexp.MustCompile(`(?i)("(?:token|sasToken|access_token|refresh_token|client_secret|accountKey)"\s*:\s*")[^"]*`)
)

// Redact returns s without the secrets it may carry (SAS signatures, bearer
// and other Authorization credentials, OAuth parameters, token fields of
// JSON), each replaced by REDACTED. It is the one redaction function of the
// module: every error text, every logged header value (through the
// client's transport guard) and every href put in an error goes through it.
func Redact(s string) string { return redact(s) }

// redact implements Redact.
func redact(s string) string {
	if s == "" {
		return s
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "sig") || strings.Contains(lower, "_token") || strings.Contains(lower, "secret") || strings.Contains(lower, "verifier") {
		s = sasSignature.ReplaceAllString(s, "${1}REDACTED")
	}
	if strings.Contains(lower, "bearer") {
		s = redactBearer(s)
	}
	if strings.Contains(lower, "basic") || strings.Contains(lower, "sharedkey") || strings.Contains(lower, "sharedaccesssignature") {
		s = otherScheme.ReplaceAllString(s, "${1}REDACTED")
	}
	if strings.Contains(lower, "token") || strings.Contains(lower, "secret") || strings.Contains(lower, "accountkey") {
		s = jsonToken.ReplaceAllString(s, "${1}REDACTED")
	}
	return s
}

// redactBearer replaces the credential of "Bearer <token68>" by REDACTED.
// The parameters of a challenge (Bearer realm="", claims="...") are not a
// credential and are kept, so a redacted WWW-Authenticate still reads.
func redactBearer(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range bearerToken.FindAllStringSubmatchIndex(s, -1) {
		tokStart, tokEnd := m[4], m[5]
		if authParam(s[tokStart:tokEnd]) && tokEnd < len(s) && !strings.ContainsRune(",; \t\r\n", rune(s[tokEnd])) {
			continue // realm="..." is an auth-param, not a token68
		}
		b.WriteString(s[last:tokStart])
		b.WriteString("REDACTED")
		last = tokEnd
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// authParam reports whether t, matched as a token68, is rather the
// "name=" of an auth-param: a short word and exactly one "=".
func authParam(t string) bool {
	name, ok := strings.CutSuffix(t, "=")
	if !ok || name == "" || len(name) > 32 || strings.HasSuffix(name, "=") {
		return false
	}
	for _, r := range name {
		if !(r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return false
		}
	}
	return true
}

// redactHeader replaces, in place, every value of h that carries a secret by
// its redacted form. The transport guard applies it to each response before
// azcore's logging and tracing policies see the headers: no response header
// the client needs carries a secret (the service hands SAS tokens out in
// bodies), so nothing is lost.
func redactHeader(h http.Header) {
	for k, vs := range h {
		for i, v := range vs {
			if r := redact(v); r != v {
				h[k][i] = r
			}
		}
	}
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

// urlWithoutQuery returns the scheme, host and path of u: what an error text
// may say of a URL a server handed over (its query may be a SAS).
func urlWithoutQuery(u *url.URL) string {
	if u == nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}
