// Package wbtest serves World Bank API response pages from a directory, so
// that tests exercise the worldbank source without the internet.
package wbtest

import (
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strconv"
)

// Dir is the fixture directory of every built-in indicator, relative to the
// exporter/internal/source/worldbank package: Dir/{indicator}/page-{n}.json. The
// values are synthetic (testdata/README.md).
const Dir = "testdata/api"

// ErrorEnvelope is the API's answer to an indicator it does not know.
const ErrorEnvelope = `[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`

var path = regexp.MustCompile(`^/country/([A-Z]{3}(?:;[A-Z]{3})*)/indicator/([A-Za-z0-9._-]+)$`)

// Handler answers GET /country/{iso3;...}/indicator/{code}?format=json&page=n
// with fsys's {code}/page-{n}.json, whatever the countries and per_page (the
// fixtures are paged already), and with the API's error envelope for an
// indicator it has no page of. Other paths are 404.
func Handler(fsys fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := path.FindStringSubmatch(r.URL.Path)
		if m == nil || r.URL.Query().Get("format") != "json" {
			http.NotFound(w, r)
			return
		}
		page := 1
		if p := r.URL.Query().Get("page"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 {
				http.Error(w, "bad page", http.StatusBadRequest)
				return
			}
			page = n
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		data, err := fs.ReadFile(fsys, fmt.Sprintf("%s/page-%d.json", m[2], page))
		if err != nil {
			fmt.Fprintln(w, ErrorEnvelope)
			return
		}
		w.Write(data)
	})
}
