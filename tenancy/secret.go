package tenancy

import (
	"encoding/json"
	"fmt"
)

const redacted = "[REDACTED]"

// Secret holds a secret (client secret, certificate password). It never
// shows its value: String, GoString, every fmt verb and MarshalJSON give
// "[REDACTED]". It reads from a JSON string. The zero value is empty.
type Secret struct {
	// A pointer, so that even printing a struct holding a Secret in an
	// unexported field shows an address, not the value.
	v *string
}

// NewSecret wraps value.
func NewSecret(value string) Secret {
	if value == "" {
		return Secret{}
	}
	return Secret{v: &value}
}

// Reveal returns the secret's value.
func (s Secret) Reveal() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == nil || *s.v == "" }

// String returns "[REDACTED]", or "" for an empty secret.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// GoString is String, for %#v.
func (s Secret) GoString() string { return "tenancy.Secret(" + s.String() + ")" }

// Format prints String for every verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// MarshalJSON writes "[REDACTED]" (or "" when empty), never the value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads the value from a JSON string.
func (s *Secret) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("a secret must be a JSON string")
	}
	*s = NewSecret(v)
	return nil
}
