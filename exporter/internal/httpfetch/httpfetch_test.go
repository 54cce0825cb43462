package httpfetch

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// document is a changeable document served by http.ServeContent, which
// answers conditional requests as real servers do. It records each
// request's conditional headers.
type document struct {
	mu       sync.Mutex
	body     string
	etag     string
	modified time.Time
	seen     []string // "If-None-Match|If-Modified-Since" of each request
}

func (d *document) set(body, etag string, modified time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.body, d.etag, d.modified = body, etag, modified
}

func (d *document) requests() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.seen...)
}

func (d *document) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen = append(d.seen, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
	if d.etag != "" {
		w.Header().Set("ETag", d.etag)
	}
	w.Header().Set("Content-Type", "text/csv")
	http.ServeContent(w, r, "", d.modified, strings.NewReader(d.body))
}

func TestConditionalRequests(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name string
		etag string
		// modified is the zero time for a server that sends no Last-Modified.
		modified time.Time
		// cond is the conditional header the client must send once committed.
		cond string
	}{
		{"ETag", `"v1"`, time.Time{}, `"v1"|`},
		{"Last-Modified", "", t0, "|" + t0.Format(http.TimeFormat)},
		{"both", `"v1"`, t0, `"v1"|` + t0.Format(http.TimeFormat)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &document{}
			doc.set("a,b\n1,2\n", tc.etag, tc.modified)
			srv := httptest.NewServer(doc)
			defer srv.Close()
			c := &Client{HTTP: srv.Client()}
			var v Versions
			get := func() *Response {
				t.Helper()
				v.Begin()
				r, err := c.Get(context.Background(), srv.URL+"/t.csv", &v)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			if r := get(); r.NotModified || string(r.Body) != "a,b\n1,2\n" || r.ContentType != "text/csv" {
				t.Fatalf("first GET: %+v", r)
			}
			// Not committed (say the data failed to validate): asked in full.
			if r := get(); r.NotModified {
				t.Fatal("a 304 against versions never committed")
			}
			v.Commit()
			if r := get(); !r.NotModified || r.Body != nil {
				t.Fatalf("unchanged document after a commit: %+v", r)
			}
			v.Commit()
			// The 304 kept the versions: still conditional, still unchanged.
			if r := get(); !r.NotModified {
				t.Fatal("second 304 expected")
			}
			doc.set("a,b\n1,3\n", strings.ReplaceAll(tc.etag, "v1", "v2"), tc.modified.Add(time.Hour))
			if r := get(); r.NotModified || string(r.Body) != "a,b\n1,3\n" {
				t.Fatalf("changed document: %+v", r)
			}
			seen := doc.requests()
			want := []string{"|", "|", tc.cond, tc.cond, tc.cond}
			if strings.Join(seen, " ") != strings.Join(want, " ") {
				t.Errorf("conditional headers sent:\n got %q\nwant %q", seen, want)
			}
		})
	}
}

// A document unchanged while another changed is read from the kept body.
func TestKeptBodies(t *testing.T) {
	doc := &document{}
	doc.set("page", `"p"`, time.Time{})
	srv := httptest.NewServer(doc)
	defer srv.Close()
	c := &Client{HTTP: srv.Client()}
	v := Versions{KeepBodies: true}
	if _, err := c.Get(context.Background(), srv.URL, &v); err != nil {
		t.Fatal(err)
	}
	v.Commit()
	r, err := c.Get(context.Background(), srv.URL, &v)
	if err != nil || !r.NotModified || string(r.Body) != "page" || r.ContentType != "text/csv" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write(bytes.Repeat([]byte("x"), 2048))
		case "/chunked": // no Content-Length: the limit applies while reading
			w.(http.Flusher).Flush()
			w.Write(bytes.Repeat([]byte("x"), 2048))
		case "/304": // a 304 to an unconditional request is no answer
			w.WriteHeader(http.StatusNotModified)
		case "/slow":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	base := strings.Replace(srv.URL, "http://", "http://reader:s3cret@", 1)
	c := &Client{HTTP: srv.Client(), MaxBytes: 1024}
	for _, tc := range []struct{ path, want string }{
		{"/big", "/big: body of 2048 bytes is over the size limit of 1024 bytes"},
		{"/chunked", "/chunked: reading body: over the size limit of 1024 bytes"},
		{"/missing", "/missing: HTTP status 404 Not Found"},
		{"/304", "/304: HTTP status 304 Not Modified"},
		{"/slow", "/slow: context deadline exceeded"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := c.Get(ctx, base+tc.path, nil)
		cancel()
		want := strings.Replace(base, "s3cret", "xxxxx", 1) + tc.want
		if err == nil || err.Error() != want {
			t.Errorf("GET %s: %v, want %s", tc.path, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("password in %q", err)
		}
	}
	if !errors.Is(func() error { _, err := c.Get(context.Background(), srv.URL+"/big", nil); return err }(), ErrTooLarge) {
		t.Error("size errors are not ErrTooLarge")
	}
}
