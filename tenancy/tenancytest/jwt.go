package tenancytest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jwtHeader is the JOSE header of the tokens the fakes issue and of the
// client assertions they accept.
type jwtHeader struct {
	Alg     string   `json:"alg"`
	Typ     string   `json:"typ,omitempty"`
	Kid     string   `json:"kid,omitempty"`
	X5t     string   `json:"x5t,omitempty"`
	X5tS256 string   `json:"x5t#S256,omitempty"`
	X5c     []string `json:"x5c,omitempty"`
}

// Claims are the claims of a token issued by the fake Entra ID or the fake
// managed-identity endpoint. Unused claims are omitted.
type Claims struct {
	Audience  string `json:"aud"`
	Issuer    string `json:"iss"`
	Subject   string `json:"sub,omitempty"`
	IssuedAt  int64  `json:"iat"`
	NotBefore int64  `json:"nbf,omitempty"`
	ExpiresAt int64  `json:"exp"`
	TenantID  string `json:"tid,omitempty"`
	ObjectID  string `json:"oid,omitempty"`
	AppID     string `json:"appid,omitempty"`
	AZP       string `json:"azp,omitempty"`
	IDType    string `json:"idtyp,omitempty"`
	Version   string `json:"ver,omitempty"`
	TokenID   string `json:"uti,omitempty"`
}

var b64 = base64.RawURLEncoding

// signRS256 returns a compact JWS of claims signed with key.
func signRS256(key *rsa.PrivateKey, kid string, claims any) (string, error) {
	h, err := json.Marshal(jwtHeader{Alg: "RS256", Typ: "JWT", Kid: kid})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64.EncodeToString(sig), nil
}

// parsedJWT is a compact JWS split into its parts; the signature is not yet
// verified.
type parsedJWT struct {
	header  jwtHeader
	payload []byte
	signing string
	sig     []byte
}

func parseJWT(token string) (*parsedJWT, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	hb, err := b64.DecodeString(parts[0])
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	p := &parsedJWT{signing: parts[0] + "." + parts[1]}
	if err := json.Unmarshal(hb, &p.header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if p.payload, err = b64.DecodeString(parts[1]); err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	if p.sig, err = b64.DecodeString(parts[2]); err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	return p, nil
}

// verify checks the signature with pub for the RS256 and PS256 algorithms.
func (p *parsedJWT) verify(pub *rsa.PublicKey) error {
	sum := sha256.Sum256([]byte(p.signing))
	switch p.header.Alg {
	case "RS256":
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], p.sig)
	case "PS256":
		return rsa.VerifyPSS(pub, crypto.SHA256, sum[:], p.sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
	default:
		return fmt.Errorf("unsupported alg %q", p.header.Alg)
	}
}

// assertionClaims are the claims read from a client assertion.
type assertionClaims struct {
	Audience  audience `json:"aud"`
	Issuer    string   `json:"iss"`
	Subject   string   `json:"sub"`
	ExpiresAt int64    `json:"exp"`
	NotBefore int64    `json:"nbf"`
}

// audience accepts the JWT "aud" claim as a string or an array of strings.
type audience []string

// UnmarshalJSON reads a string or an array of strings.
func (a *audience) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*a = audience{s}
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return err
	}
	*a = ss
	return nil
}

func (a audience) contains(v string) bool {
	for _, s := range a {
		if s == v {
			return true
		}
	}
	return false
}
