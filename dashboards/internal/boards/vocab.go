package boards

// The vocabulary (exporter/vocabulary) is not on main yet: until it lands,
// these know no names, and the viewer tests say so.

func display(label, value string) string { return value }

func labelTitle(label string) string { return label }

func labelValues(label string) []string { return nil }
