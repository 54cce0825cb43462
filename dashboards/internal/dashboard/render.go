package dashboard

import (
	"bytes"
	"encoding/json"
)

// Keys the sdk writes that current Grafana ignores or rewrites.
var (
	legacyBoardKeys    = []string{"id", "slug", "originalTitle", "style", "hideControls", "sharedCrosshair", "rows", "version"}
	legacyPanelKeys    = []string{"editable", "error", "isNew", "span", "height", "renderer"}
	legacyVariableKeys = []string{"allFormat", "multiFormat"}
)

// Render returns the dashboard's JSON: sorted keys, two-space indent,
// without the sdk's legacy keys.
func (d *Dashboard) Render() ([]byte, error) {
	raw, err := json.Marshal(d.board)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	deleteKeys(m, legacyBoardKeys)
	if tp, ok := m["timepicker"].(map[string]any); ok {
		deleteKeys(tp, []string{"time_options", "refresh_intervals"})
		if d.timeless {
			tp["hidden"] = true
		}
	}
	m["annotations"] = map[string]any{"list": []any{}}
	m["graphTooltip"] = 1 // shared crosshair, the current spelling
	var clean func(panels []any)
	clean = func(panels []any) {
		for _, p := range panels {
			p := p.(map[string]any)
			deleteKeys(p, legacyPanelKeys)
			if p["transparent"] == false {
				delete(p, "transparent")
			}
			if nested, ok := p["panels"].([]any); ok {
				clean(nested)
			}
		}
	}
	clean(m["panels"].([]any))
	if t, ok := m["templating"].(map[string]any); ok {
		for _, v := range t["list"].([]any) {
			v := v.(map[string]any)
			deleteKeys(v, legacyVariableKeys)
			if v["datasource"] == nil {
				delete(v, "datasource")
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func deleteKeys(m map[string]any, keys []string) {
	for _, k := range keys {
		delete(m, k)
	}
}
