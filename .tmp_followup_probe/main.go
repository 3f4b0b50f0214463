package main

import (
	"fmt"
	"io"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

func main() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, p := range []string{"/stac/collections/", "/stac/", "/stac/collections/x/items/", "/inma/operations/", "/data", "/data/", "/stac/collections//items", "/sas/token/", "/geocatalog/auth/"} {
		req, _ := http.NewRequest("GET", srv.URL+p+"?api-version=2026-04-15", nil)
		tok, _ := srv.Credential().GetToken(req.Context(), policy.TokenRequestOptions{Scopes: []string{"https://geocatalog.spatio.azure.com/.default"}})
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		resp, err := c.Do(req)
		if err != nil {
			fmt.Println(p, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(p, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("x-ms-error-code"), string(b))
	}
}
