package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

const (
	yamlTable = "table: y\ntitle: T\nsource: S\nmetrics:\n  - {name: korea_ict_a_won, help: A., unit: won, series: [{year: 2003, value: 1}]}\n"
	csvTable  = "metric,unit,value,year\nkorea_ict_b_won,thousand won,2,2003\n"
)

// An http source parses each body in the format its Content-Type names, or
// else its URL's extension: YAML and CSV over one transport.
func TestHTTPFormats(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sheet": // no extension: the Content-Type decides
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Write([]byte(csvTable))
		case "/dir/c.csv": // a generic Content-Type: the extension decides
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte(csvTable))
		case "/y":
			w.Header().Set("Content-Type", "application/yaml")
			w.Write([]byte(yamlTable))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		url, table string
		value      float64
	}{
		{srv.URL + "/sheet", "sheet", 2000},
		{srv.URL + "/dir/c.csv", "c", 2000},
		{srv.URL + "/y", "y", 1},
	} {
		cfg, err := config.Parse([]byte("sources: [{name: h, type: http, urls: [\""+tc.url+"\"]}]"), source.Types{"http": New})
		if err != nil {
			t.Fatal(err)
		}
		f, err := cfg.Sources[0].Spec.Fetcher(cfg.Sources[0].Settings())
		if err != nil {
			t.Fatal(err)
		}
		in, err := f.Fetch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ds, err := in.Build()
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		if len(ds.Tables) != 1 || ds.Tables[0].ID != tc.table || ds.Tables[0].Metrics[0].Series[0].Value != tc.value {
			t.Errorf("%s: tables %+v", tc.url, ds.Tables)
		}
	}
}
