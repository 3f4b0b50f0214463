package jsonscan

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValueEnd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		i    int
		want int // -1: error
	}{
		{`"a\"b" ,`, 0, 6},
		{`{"a":[1,{"b":"}"}]} x`, 0, 19},
		{`[]`, 0, 2},
		{`12.5e3,`, 0, 6},
		{`true}`, 0, 4},
		{`null`, 0, 4},
		{`,`, 0, -1},
		{``, 0, -1},
		{`"abc`, 0, -1},
		{`[1,2`, 0, -1},
		{` x`, 1, 2},
	} {
		got, err := ValueEnd([]byte(tc.in), tc.i)
		if tc.want < 0 {
			if err == nil {
				t.Errorf("ValueEnd(%q, %d) = %d, want an error", tc.in, tc.i, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ValueEnd(%q, %d) = %d, %v, want %d", tc.in, tc.i, got, err, tc.want)
		}
	}
}

func TestStringEnd(t *testing.T) {
	end, esc, err := StringEnd([]byte(`"ab" `), 0)
	if end != 4 || esc || err != nil {
		t.Errorf("plain: %d %v %v", end, esc, err)
	}
	end, esc, err = StringEnd([]byte(`"a\\\"b"`), 0)
	if end != 8 || !esc || err != nil {
		t.Errorf("escaped: %d %v %v", end, esc, err)
	}
	if _, _, err = StringEnd([]byte(`"a\"`), 0); err == nil {
		t.Error("unterminated: no error")
	}
}

func TestSkipSpace(t *testing.T) {
	if got := SkipSpace([]byte(" \t\r\nx"), 0); got != 4 {
		t.Errorf("SkipSpace = %d", got)
	}
	if got := SkipSpace([]byte("  "), 1); got != 2 {
		t.Errorf("SkipSpace at end = %d", got)
	}
}

func TestAppendUnquoted(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"\u00e9\u20AC"`,
		`"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\u0041"`, `"x\ud83d\u0041"`,
	} {
		_, esc, err := StringEnd([]byte(in), 0)
		if err != nil {
			t.Fatal(err)
		}
		prefix := []byte("keep")
		dst, got, err := AppendUnquoted(prefix, []byte(in), esc)
		if err != nil {
			t.Errorf("AppendUnquoted(%s): %v", in, err)
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("AppendUnquoted(%s) = %q, want %q", in, got, want)
		}
		if string(dst[:4]) != "keep" {
			t.Errorf("AppendUnquoted(%s) changed dst's prefix: %q", in, dst)
		}
	}
	for _, in := range []string{`"\x"`, `"\u12"`, `"\u12g4"`, `"a\"`} {
		if _, _, err := AppendUnquoted(nil, []byte(in), true); err == nil {
			t.Errorf("AppendUnquoted(%s): no error", in)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `q"b\s`, "<a href='x'>&amp;</a>", "\b\f\n\r\t\x00\x01\x1f\x7f",
		"é€😀", "\u2028\u2029", "bad\xffutf8\xc3", "\xed\xa0\x80", strings.Repeat("ab<", 50),
	} {
		// Invalid UTF-8 is written as the character U+FFFD, as decoding
		// the string with encoding/json and encoding it again does.
		want, err := json.Marshal(string([]rune(s)))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, []byte(s)); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendStringNoHTML(t *testing.T) {
	for _, s := range []string{
		"", "plain", `q"b\s`, "<a href='x'>&amp;</a>", "\b\f\n\r\t\x00\x01\x1f\x7f",
		"é€😀", "\u2028\u2029", "bad\xffutf8\xc3", "\xed\xa0\x80", strings.Repeat("ab<", 50),
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(string([]rune(s))); err != nil {
			t.Fatal(err)
		}
		if got := AppendStringNoHTML([]byte("x"), s); string(got[1:]) != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("AppendStringNoHTML(%q) = %s, want %s", s, got[1:], want.String())
		}
	}
}

func TestCheckedValueEnd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int // -1: error
	}{
		{`{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]} x`, 44},
		{`0,`, 1},
		{`[]`, 2},
		{`01`, 1},
		{`-`, -1}, {`1.`, -1}, {`1e`, -1}, {`tru`, -1}, {`nul`, -1}, {`"\x"`, -1}, {`"\u12g4"`, -1},
		{"\"a\x01\"", -1}, {`{"a" 1}`, -1}, {`{"a":1,}`, -1}, {`[1,]`, -1}, {`[1 2]`, -1}, {`{1:2}`, -1},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), -1},
	} {
		got, err := CheckedValueEnd([]byte(tc.in), 0)
		if tc.want < 0 {
			if err == nil {
				t.Errorf("CheckedValueEnd(%.40q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("CheckedValueEnd(%q) = %d, %v, want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestElements(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []string
		checked bool
		err     bool
	}{
		{`[]`, nil, true, false},
		{` [ 1 , "a,]" ,{"b":[2]} ] `, []string{`1`, `"a,]"`, `{"b":[2]}`}, true, false},
		{`[1,]`, []string{`1`}, true, true},
		{`[1 2]`, []string{`1`}, true, true},
		{`[tru]`, nil, true, true},
		{`[tru]`, []string{`tru`}, false, false},
		{`[1`, []string{`1`}, false, true},
	} {
		b := []byte(tc.in)
		i := SkipSpace(b, 0)
		e := NewElements(b, i)
		if tc.checked {
			e = NewCheckedElements(b, i)
		}
		var got []string
		for e.Next() {
			got = append(got, string(b[e.V0:e.V1]))
		}
		if (e.Err != nil) != tc.err || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s (checked %v): %q, %v; want %q, error %v", tc.in, tc.checked, got, e.Err, tc.want, tc.err)
		}
		if !tc.err && b[e.End-1] != ']' {
			t.Errorf("%s: End = %d", tc.in, e.End)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{
		0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 1e-7, 9.99e-7, 123456789, 1e20, 1e21, 1.5e300,
		-2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 3.141592653589793,
	} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendFloat([]byte("x"), f); string(got[1:]) != string(want) {
			t.Errorf("AppendFloat(%v) = %s, want %s", f, got[1:], want)
		}
	}
}

func TestMembers(t *testing.T) {
	type kv struct{ k, v string }
	for _, tc := range []struct {
		in   string
		want []kv
		err  bool
	}{
		{`{}`, nil, false},
		{` { } `, nil, false},
		{`{"a":1}`, []kv{{`"a"`, `1`}}, false},
		{`{ "a" : [1, {"x":"}"}] , "b\"":"s" ,"c":null}`, []kv{{`"a"`, `[1, {"x":"}"}]`}, {`"b\""`, `"s"`}, {`"c"`, `null`}}, false},
		{`{"a":1,}`, []kv{{`"a"`, `1`}}, true},
		{`{"a":1 "b":2}`, []kv{{`"a"`, `1`}}, true},
		{`{"a" 1}`, nil, true},
		{`{a:1}`, nil, true},
		{`{"a":1`, []kv{{`"a"`, `1`}}, true},
		{`{`, nil, true},
	} {
		b := []byte(tc.in)
		i := SkipSpace(b, 0)
		m := NewMembers(b, i)
		var got []kv
		for m.Next() {
			if m.Escaped != strings.Contains(string(m.Key), `\`) {
				t.Errorf("%s: Escaped = %v for %s", tc.in, m.Escaped, m.Key)
			}
			got = append(got, kv{string(m.Key), string(b[m.V0:m.V1])})
		}
		if m.Next() {
			t.Errorf("%s: Next after the end returned true", tc.in)
		}
		if (m.Err != nil) != tc.err {
			t.Errorf("%s: Err = %v, want error %v", tc.in, m.Err, tc.err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: members %q, want %q", tc.in, got, tc.want)
			continue
		}
		for k := range got {
			if got[k] != tc.want[k] {
				t.Errorf("%s: members %q, want %q", tc.in, got, tc.want)
				break
			}
		}
		if !tc.err && b[m.End-1] != '}' {
			t.Errorf("%s: End = %d", tc.in, m.End)
		}
	}
}

// FuzzScan checks the skippers and the member walk do not panic, stay in
// bounds, and agree with encoding/json on valid objects; that the checked
// skipper accepts exactly what json.Valid accepts; and that
// AppendString/AppendUnquoted round-trip like encoding/json.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1,"b":[true,false,null],"c":{"d":"e\"f"}}`, `{"\u00e9":"\ud83d\ude00<&>"}`,
		`[1,2`, `{"a":}`, `"\u2028"`, "{\"x\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := 0; i < len(b); i++ {
			if end, err := ValueEnd(b, i); err == nil && (end <= i || end > len(b)) {
				t.Fatalf("ValueEnd(%q, %d) = %d", b, i, end)
			}
		}
		i := SkipSpace(b, 0)
		end, err := CheckedValueEnd(b, i)
		if ok := err == nil && SkipSpace(b, end) == len(b); ok != json.Valid(b) {
			t.Fatalf("CheckedValueEnd(%q): valid %v, json.Valid %v", b, ok, !ok)
		}
		if i < len(b) && b[i] == '{' {
			m := NewMembers(b, i)
			var keys []string
			for m.Next() {
				_, k, err := AppendUnquoted(nil, m.Key, m.Escaped)
				if err == nil {
					keys = append(keys, string(k))
				}
				_ = b[m.V0:m.V1]
			}
			var obj map[string]json.RawMessage
			if json.Unmarshal(b, &obj) == nil {
				if m.Err != nil {
					t.Fatalf("Members(%q): %v on a valid object", b, m.Err)
				}
				for _, k := range keys {
					if _, ok := obj[k]; !ok && utf8.ValidString(k) {
						t.Fatalf("Members(%q): key %q not in %v", b, k, obj)
					}
				}
			}
		}
		want, _ := json.Marshal(string([]rune(string(b))))
		if got := AppendString(nil, b); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", b, got, want)
		}
		_, esc, err := StringEnd(want, 0)
		if err != nil || len(want) < 2 {
			t.Fatalf("StringEnd(%s): %v", want, err)
		}
		_, text, err := AppendUnquoted(nil, want, esc)
		var back string
		if json.Unmarshal(want, &back) != nil || err != nil || string(text) != back {
			t.Fatalf("AppendUnquoted(%s) = %q, %v, want %q", want, text, err, back)
		}
	})
}
