package tenancytest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestTokenValidator(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID := uuid.NewString()
	e.RegisterApp(appID, WithSecret("ok"))
	tid := e.NewTenant()
	oid := e.Consent(tid, appID)
	v := e.TokenValidator()

	tok, err := getToken(t, secretCred(t, e, tid, appID, "ok"), catalogScope)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.ValidateToken(tok)
	if err != nil || p.TenantID != tid || p.ObjectID != oid || p.AppID != appID {
		t.Fatalf("%+v %v", p, err)
	}

	graphTok, _ := getToken(t, secretCred(t, e, tid, appID, "ok"), GraphAudience+"/.default")
	now := time.Now()
	valid := Claims{Audience: GeoCatalogAudience, Issuer: e.Issuer(tid), TenantID: tid, ObjectID: oid, AppID: appID,
		IssuedAt: now.Unix(), ExpiresAt: now.Add(time.Hour).Unix()}
	mint := func(mut func(*Claims)) string {
		c := valid
		mut(&c)
		s, err := e.IssueToken(c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	other := NewEntra() // another authority: its key is not trusted
	defer other.Close()
	foreign, _ := other.IssueToken(valid)
	parts := strings.Split(tok, ".")
	cases := map[string]string{
		"graph audience":     graphTok,
		"expired":            mint(func(c *Claims) { c.ExpiresAt = now.Add(-time.Minute).Unix() }),
		"issuer of another":  mint(func(c *Claims) { c.Issuer = e.Issuer(uuid.NewString()) }),
		"foreign signature":  foreign,
		"tampered payload":   parts[0] + "." + parts[1][:len(parts[1])-2] + "AA." + parts[2],
		"not a jwt":          "opaque-token",
		"trailing-slash aud": mint(func(c *Claims) { c.Audience = GeoCatalogAudience + "/" }),
	}
	for name, bad := range cases {
		if p, err := v.ValidateToken(bad); err == nil {
			t.Errorf("%s: accepted as %+v", name, p)
		}
	}
}
