// Package geocatalog is a client for the data-plane REST API of Microsoft
// Planetary Computer Pro ("GeoCatalog"), built on azcore: bearer
// authentication, retries, logging, tracing, runtime.Pager and
// runtime.Poller come from the Azure SDK for Go.
//
// A Client is bound to one catalog endpoint and one credential; its
// sub-clients mirror the official SDKs' groups: STAC (collections, items,
// search, queryables, collection configuration), Ingestion (sources,
// ingestions, runs, operations), SAS (container tokens and signed hrefs) and
// Data (the tiler).
//
//	cred, _ := azidentity.NewDefaultAzureCredential(nil)
//	client, err := geocatalog.NewClient("https://mycatalog.abc.uksouth.geocatalog.spatio.azure.com", cred, nil)
//	if err != nil { ... }
//	stacClient := client.STAC()
//
//	// Create an item: a long-running operation.
//	poller, err := stacClient.BeginCreateItem(ctx, "naip-atl", item, nil)
//	if err != nil { ... } // *InvalidArgumentError: nothing was sent
//	res, err := poller.PollUntilDone(ctx, nil)
//	var opErr *geocatalog.OperationError
//	if errors.As(err, &opErr) { ... opErr.Code ... }
//	_ = res.Operation
//
//	// Search: every item once, page by page.
//	req := &stac.SearchRequest{Collections: []string{"naip-atl"}, Limit: 100}
//	for item, err := range stacClient.SearchItems(ctx, req, nil) {
//		if err != nil { ... }
//		fmt.Println(item.ID)
//	}
//
// # Security
//
// The endpoint must be https and its host must end in
// ".geocatalog.spatio.azure.com" unless ClientOptions.AllowedHosts lists it.
// Every URL the service hands back (next links, operation-location,
// Location) is rebased onto the endpoint: the bearer token never leaves it,
// even when the service writes http:// links or backend host names. Links
// outside the API roots (/stac, /inma, /sas, /data, /geocatalog) and resume
// tokens of other endpoints are refused with an *UnsafeURLError. Request and
// response bodies are never logged (they carry SAS tokens), and error texts
// have SAS signatures and tokens redacted.
//
// # Errors
//
// A non-success status gives an *azcore.ResponseError whose ErrorCode comes
// from x-ms-error-code or the body ({"error":{code,message}},
// {"code","description"} or {"detail"}); its text includes the message and
// X-Request-ID. A long-running operation that fails gives an
// *OperationError. IsNotFound, IsConflict, IsForbidden, IsUnauthorized and
// IsThrottled classify both. Invalid arguments give an *InvalidArgumentError
// before any request is sent.
//
// # Retries
//
// azcore retries 408, 429 (honouring Retry-After), 500, 502, 503 and 504,
// POSTs included. A retried item create that the service had in fact
// accepted fails with ItemAlreadyExistsInCollection (IsConflict): a caller
// that needs idempotent writes compares the stored item with its own (the
// partner write path does so by content hash).
package geocatalog
