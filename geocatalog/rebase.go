package geocatalog

import (
	"net/url"
	"strings"
)

// apiRoots are the first path segments of the GeoCatalog data-plane API.
// A URL handed back by the service is followed only if its path is under one
// of them.
var apiRoots = map[string]bool{"stac": true, "inma": true, "sas": true, "data": true, "geocatalog": true}

// rebase turns a URL the service handed back (a next link, an
// operation-location or location header) into a URL on the client's
// endpoint: scheme and host become the endpoint's, the path from the first
// known API root segment on is kept behind the endpoint's own path prefix,
// the query is kept and api-version added when missing. The service writes
// such links with http:// or its backend host, and API proxies rewrite
// hosts, so the host of the link itself is never trusted: the token only
// goes to the endpoint. A link that is not under a known API root cannot be
// rebased and is refused with an *UnsafeURLError.
func (c *Client) rebase(link string) (*url.URL, error) {
	refuse := func(reason string) (*url.URL, error) {
		return nil, &UnsafeURLError{URL: redactURL(link), Reason: reason}
	}
	link = strings.TrimSpace(link)
	if link == "" {
		return refuse("empty link")
	}
	u, err := url.Parse(link)
	if err != nil {
		return refuse("not a URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	default:
		return refuse("scheme " + u.Scheme + " is not http(s)")
	}
	if u.Opaque != "" {
		return refuse("opaque URL")
	}
	escaped := u.EscapedPath()
	if u.Scheme == "" && u.Host == "" && !strings.HasPrefix(escaped, "/") {
		return refuse("relative link without an absolute path")
	}
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	for _, s := range segs {
		if s == ".." || s == "." || strings.EqualFold(s, "%2e%2e") || strings.EqualFold(s, "%2e") {
			return refuse("dot segments in path")
		}
	}
	// Drop the endpoint's own prefix when the link already carries it (an
	// API proxy that rewrites links), then require a known API root.
	prefix := strings.Split(strings.TrimPrefix(c.endpoint.EscapedPath(), "/"), "/")
	if len(prefix) == 1 && prefix[0] == "" {
		prefix = nil
	}
	if len(prefix) > 0 && len(segs) > len(prefix) && equalSegs(segs[:len(prefix)], prefix) && apiRoots[segs[len(prefix)]] {
		segs = segs[len(prefix):]
	} else {
		i := 0
		for i < len(segs) && !apiRoots[segs[i]] {
			i++
		}
		if i == len(segs) {
			return refuse("path is not under a GeoCatalog API root (/stac, /inma, /sas, /data, /geocatalog)")
		}
		segs = segs[i:]
	}
	rawPath := c.endpoint.EscapedPath() + "/" + strings.Join(segs, "/")
	path, err := url.PathUnescape(rawPath)
	if err != nil {
		return refuse("bad path escaping")
	}
	out := &url.URL{Scheme: c.endpoint.Scheme, Host: c.endpoint.Host, Path: path, RawPath: rawPath, RawQuery: u.RawQuery}
	q := out.Query()
	if q.Get("api-version") == "" {
		if out.RawQuery != "" {
			out.RawQuery += "&"
		}
		out.RawQuery += "api-version=" + url.QueryEscape(c.apiVersion)
	}
	return out, nil
}

func equalSegs(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pathSegment escapes one path segment (an id) for use in a request path.
func pathSegment(s string) string { return url.PathEscape(s) }

// escapeColon percent-encodes ":" in an escaped path segment.
func escapeColon(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			out = append(out, "%3A"...)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
