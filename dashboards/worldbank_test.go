package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"gopkg.in/yaml.v3"
)

// The World Bank fixtures of the exporter's worldbank source: response
// pages in the API's format, with synthetic values
// (exporter/internal/source/worldbank/testdata/README.md).
const worldBankFixtures = "../exporter/internal/source/worldbank/testdata/api"

var worldBankPath = regexp.MustCompile(`^/country/[A-Z]{3}(;[A-Z]{3})*/indicator/([A-Za-z0-9._-]+)$`)

// worldBankServer serves the fixtures as the World Bank API would: GET
// /country/{iso3;...}/indicator/{code}?format=json&page=n. (The exporter's
// own tests use its internal wbtest package, which this module cannot
// import from here.)
func worldBankServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := worldBankPath.FindStringSubmatch(r.URL.Path)
		page := r.URL.Query().Get("page")
		if page == "" {
			page = "1"
		}
		if m == nil || r.URL.Query().Get("format") != "json" {
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(worldBankFixtures, m[2], "page-"+page+".json"))
		if err != nil {
			fmt.Fprintln(w, `[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// exporterConfig is the demo stack's config/korea-ict-exporter.yml with
// every worldbank source's base_url pointed at a fixture server (no test
// reaches api.worldbank.org), and the extra sources appended.
func exporterConfig(t *testing.T, extra ...map[string]any) string {
	t.Helper()
	raw, err := os.ReadFile("../config/korea-ict-exporter.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	base := worldBankServer(t).URL
	n := 0
	sources := mapValue(doc.Content[0], "sources")
	if sources == nil {
		t.Fatal("config/korea-ict-exporter.yml has no sources")
	}
	for _, s := range sources.Content {
		if typ := mapValue(s, "type"); typ == nil || typ.Value != "worldbank" {
			continue
		}
		n++
		if v := mapValue(s, "base_url"); v != nil {
			v.Value, v.Tag, v.Style = base, "!!str", 0
		} else {
			s.Content = append(s.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "base_url"}, &yaml.Node{Kind: yaml.ScalarNode, Value: base})
		}
	}
	if n == 0 {
		t.Fatal("config/korea-ict-exporter.yml has no worldbank source: the World Bank panels would show no data")
	}
	for _, e := range extra {
		var src yaml.Node
		if err := src.Encode(e); err != nil {
			t.Fatal(err)
		}
		sources.Content = append(sources.Content, &src)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "korea-ict-exporter.yml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
