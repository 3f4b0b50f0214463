package main

import (
	"fmt"
	"net/url"
	"strings"
)

// serviceURL returns the blob service URL of a container URL.
func serviceURL(containerURL string) (string, error) {
	u, err := url.Parse(containerURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("-container %q is not a URL", containerURL)
	}
	u.RawQuery = ""
	path := strings.Trim(u.Path, "/")
	if i := strings.LastIndex(path, "/"); i >= 0 {
		u.Path = "/" + path[:i] + "/"
	} else {
		u.Path = "/"
	}
	return u.String(), nil
}
