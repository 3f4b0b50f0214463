package tenancy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
)

// scopePolicy confines a customer's client to the collections the customer
// granted: requests for other collections, writes to read-only ones and
// catalog-wide writes are refused before they are sent
// (*CollectionNotGrantedError); searches without collections are limited
// to the granted ones; lists of collections and operations are filtered.
type scopePolicy struct {
	customer Customer
	readable []string // granted collection IDs, in record order

	mu         sync.Mutex
	registered map[string]bool // mosaic searches registered through this client
}

func newScopePolicy(c Customer) *scopePolicy {
	p := &scopePolicy{customer: c, registered: map[string]bool{}}
	for _, g := range c.Collections {
		p.readable = append(p.readable, g.ID)
	}
	return p
}

func (p *scopePolicy) refuse(req *policy.Request, collection string, access Access) error {
	return &CollectionNotGrantedError{Customer: p.customer.Name, Collection: collection, Access: access,
		Method: req.Raw().Method, Path: req.Raw().URL.Path}
}

// Do implements policy.Policy.
func (p *scopePolicy) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	r := classifyRoute(raw.Method, raw.URL.Path)
	switch r.kind {
	case routeCollection:
		if p.customer.Grant(r.collection) < r.access {
			return nil, p.refuse(req, r.collection, r.access)
		}
		return req.Next()
	case routeCatalogRead:
		return req.Next()
	case routeCreateColl:
		id, err := bodyString(req, "id")
		if err != nil || id == "" || p.customer.Grant(id) < AccessWrite {
			return nil, p.refuse(req, id, AccessWrite)
		}
		return req.Next()
	case routeSearch:
		if raw.Method == http.MethodPost {
			if err := p.confineBody(req); err != nil {
				return nil, err
			}
			return req.Next()
		}
		if err := p.confineQuery(req); err != nil {
			return nil, err
		}
		return req.Next()
	case routeRegister:
		if err := p.confineBody(req); err != nil {
			return nil, err
		}
		resp, err := req.Next()
		if err == nil && resp.StatusCode/100 == 2 {
			p.rememberSearch(resp)
		}
		return resp, err
	case routeRegistered:
		p.mu.Lock()
		ok := p.registered[r.searchID]
		p.mu.Unlock()
		if !ok {
			return nil, p.refuse(req, "", AccessRead)
		}
		return req.Next()
	case routeListColls:
		return p.filterResponse(req, "collections", "id")
	case routeListOps:
		if c := raw.URL.Query().Get("collectionId"); c != "" && p.customer.Grant(c) == 0 {
			return nil, p.refuse(req, c, AccessRead)
		}
		return p.filterResponse(req, "value", "collectionId")
	case routeGetOp:
		resp, err := req.Next()
		if err != nil || resp.StatusCode != http.StatusOK {
			return resp, err
		}
		body, rerr := runtime.Payload(resp)
		if rerr != nil {
			return resp, rerr
		}
		var op struct {
			CollectionID string `json:"collectionId"`
		}
		if json.Unmarshal(body, &op) == nil && op.CollectionID != "" && p.customer.Grant(op.CollectionID) == 0 {
			return nil, p.refuse(req, op.CollectionID, AccessRead)
		}
		return resp, nil
	}
	return nil, p.refuse(req, "", r.access)
}

// bodyString reads a top-level string field of the JSON request body and
// rewinds the body.
func bodyString(req *policy.Request, field string) (string, error) {
	obj, err := readBody(req)
	if err != nil {
		return "", err
	}
	var s string
	if v, ok := obj[field]; ok {
		if err := json.Unmarshal(v, &s); err != nil {
			return "", err
		}
	}
	return s, nil
}

func readBody(req *policy.Request) (map[string]json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	body := req.Body()
	if body == nil {
		return obj, nil
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	if err := req.RewindBody(); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return obj, nil
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// confined returns the collections a search may use: asked ones when all
// are granted, else a refusal; all granted ones when none is asked.
func (p *scopePolicy) confined(req *policy.Request, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return p.readable, nil
	}
	for _, c := range asked {
		if p.customer.Grant(c) == 0 {
			return nil, p.refuse(req, c, AccessRead)
		}
	}
	return asked, nil
}

// confineBody sets or checks "collections" in a JSON search body.
func (p *scopePolicy) confineBody(req *policy.Request) error {
	obj, err := readBody(req)
	if err != nil {
		return p.refuse(req, "", AccessRead)
	}
	var asked []string
	if v, ok := obj["collections"]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &asked); err != nil {
			return p.refuse(req, "", AccessRead)
		}
	}
	colls, err := p.confined(req, asked)
	if err != nil {
		return err
	}
	if len(asked) > 0 {
		return nil // unchanged
	}
	obj["collections"], _ = json.Marshal(colls)
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	ct := req.Raw().Header.Get("Content-Type")
	if ct == "" {
		ct = "application/json"
	}
	return req.SetBody(streaming.NopCloser(bytes.NewReader(b)), ct)
}

// confineQuery sets or checks the "collections" query parameter (comma
// separated) of GET /stac/search.
func (p *scopePolicy) confineQuery(req *policy.Request) error {
	u := req.Raw().URL
	q := u.Query()
	var asked []string
	for _, v := range q["collections"] {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				asked = append(asked, c)
			}
		}
	}
	colls, err := p.confined(req, asked)
	if err != nil {
		return err
	}
	if len(asked) == 0 {
		q.Set("collections", strings.Join(colls, ","))
		u.RawQuery = q.Encode()
	}
	return nil
}

// rememberSearch records the searchId of a mosaic registration.
func (p *scopePolicy) rememberSearch(resp *http.Response) {
	body, err := runtime.Payload(resp)
	if err != nil {
		return
	}
	var r struct {
		SearchID  string `json:"searchId"`
		SearchID2 string `json:"searchid"`
	}
	if json.Unmarshal(body, &r) == nil {
		p.mu.Lock()
		for _, id := range []string{r.SearchID, r.SearchID2} {
			if id != "" {
				p.registered[id] = true
			}
		}
		p.mu.Unlock()
	}
}

// filterResponse sends the request and keeps, in the array field of a 200
// JSON response, only the objects whose idField is a granted collection.
func (p *scopePolicy) filterResponse(req *policy.Request, field, idField string) (*http.Response, error) {
	resp, err := req.Next()
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := runtime.Payload(resp)
	if err != nil {
		return resp, err
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return resp, nil
	}
	var list []map[string]json.RawMessage
	if json.Unmarshal(doc[field], &list) != nil {
		return resp, nil
	}
	kept := make([]map[string]json.RawMessage, 0, len(list))
	for _, obj := range list {
		var id string
		if json.Unmarshal(obj[idField], &id) == nil && p.customer.Grant(id) > 0 {
			kept = append(kept, obj)
		}
	}
	doc[field], _ = json.Marshal(kept)
	if _, ok := doc["numberReturned"]; ok {
		doc["numberReturned"] = json.RawMessage(strconv.Itoa(len(kept)))
	}
	delete(doc, "numberMatched")
	out, err := json.Marshal(doc)
	if err != nil {
		return resp, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(out))
	resp.ContentLength = int64(len(out))
	resp.Header.Set("Content-Length", strconv.Itoa(len(out)))
	return resp, nil
}
