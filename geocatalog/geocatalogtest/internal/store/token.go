package store

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// A paging token is the sort key of the last item of a page, bound to the
// sort order: base64url(JSON {"s": order hash, "k": [[kind, value], ...]}).
// The next page starts strictly after that key, so it continues correctly
// while items are added or removed. A token may also carry the match count
// of the first page with the store generation and query signature it holds
// for: {"m": count, "g": generation, "q": signature}.

type tokenJSON struct {
	S string  `json:"s"`
	K [][]any `json:"k"`
	M *int    `json:"m,omitempty"`
	G uint64  `json:"g,omitempty"`
	Q uint64  `json:"q,omitempty"`
}

// pageToken is a decoded paging token.
type pageToken struct {
	after   []sortVal // key after which the page starts; nil for the first page
	counted bool      // matched, gen and sig are set
	matched int
	gen     uint64
	sig     uint64
}

// orderSig identifies a sort order (custom or default).
func orderSig(sb []SortBy) string {
	if isDefaultSort(sb) {
		sb = defaultSortBy
	}
	h := fnv.New32a()
	for _, s := range sb {
		h.Write([]byte(s.Field))
		if s.Desc {
			h.Write([]byte{0, 1})
		} else {
			h.Write([]byte{0, 0})
		}
	}
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

func encodeToken(sb []SortBy, pt pageToken) string {
	key := pt.after
	t := tokenJSON{S: orderSig(sb), K: make([][]any, len(key))}
	if pt.counted {
		t.M, t.G, t.Q = &pt.matched, pt.gen, pt.sig
	}
	for i, v := range key {
		switch v.kind {
		case kBool:
			t.K[i] = []any{"b", v.b}
		case kNum:
			t.K[i] = []any{"n", v.n}
		case kStr:
			t.K[i] = []any{"s", v.s}
		case kTime:
			t.K[i] = []any{"t", v.t.Format(time.RFC3339Nano)}
		default:
			t.K[i] = []any{"z"}
		}
	}
	b, _ := json.Marshal(t)
	return "k1." + base64.RawURLEncoding.EncodeToString(b)
}

// decodeToken reads a token of the sort order sb; "" is the first page.
func decodeToken(tok string, sb []SortBy) (pageToken, error) {
	if tok == "" {
		return pageToken{}, nil
	}
	key, t, err := decodeKey(tok, sb)
	if err != nil {
		return pageToken{}, err
	}
	pt := pageToken{after: key}
	if t.M != nil && *t.M >= 0 {
		pt.counted, pt.matched, pt.gen, pt.sig = true, *t.M, t.G, t.Q
	}
	return pt, nil
}

// decodeKey returns the token's key and its JSON form.
func decodeKey(tok string, sb []SortBy) ([]sortVal, *tokenJSON, error) {
	bad := qerr("token", "not a paging token of this search")
	rest, ok := strings.CutPrefix(tok, "k1.")
	if !ok {
		return nil, nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return nil, nil, bad
	}
	var t tokenJSON
	if err := json.Unmarshal(raw, &t); err != nil || t.S != orderSig(sb) {
		return nil, nil, bad
	}
	want := len(sb) + 2
	if isDefaultSort(sb) {
		want = len(defaultSortBy) + 2
	}
	if len(t.K) != want {
		return nil, nil, bad
	}
	key := make([]sortVal, len(t.K))
	for i, e := range t.K {
		if len(e) == 0 {
			return nil, nil, bad
		}
		kind, _ := e[0].(string)
		switch {
		case kind == "z" && len(e) == 1:
			key[i] = sortVal{kind: kNull}
		case kind == "b" && len(e) == 2:
			b, ok := e[1].(bool)
			if !ok {
				return nil, nil, bad
			}
			key[i] = sortVal{kind: kBool, b: b}
		case kind == "n" && len(e) == 2:
			n, ok := e[1].(float64)
			if !ok {
				return nil, nil, bad
			}
			key[i] = sortVal{kind: kNum, n: n}
		case kind == "s" && len(e) == 2:
			s, ok := e[1].(string)
			if !ok {
				return nil, nil, bad
			}
			key[i] = sortVal{kind: kStr, s: s}
		case kind == "t" && len(e) == 2:
			s, ok := e[1].(string)
			if !ok {
				return nil, nil, bad
			}
			tm, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, nil, bad
			}
			key[i] = sortVal{kind: kTime, t: tm.UTC()}
		default:
			return nil, nil, bad
		}
	}
	return key, &t, nil
}

// checkToken validates q.Token against q's sort order.
func (q *Query) checkToken() error {
	_, err := decodeToken(q.Token, q.SortBy)
	return err
}
