package grafanamodel

// TextWidth estimates the width in pixels of s in Grafana's font (Inter)
// at size px. Grafana measures text with the browser
// (packages/grafana-ui/src/utils/measureText.ts measureText); Inter is not
// on the machines the tests run on, so this adds approximate advance
// widths of Inter per character, unscaled: TestTextWidthCalibration checks
// them against the labels and titles the Grafana 12.4.0 screenshots show
// cut and whole.
func TextWidth(s string, px float64) float64 {
	w := 0.0
	for _, r := range s {
		if r < 128 {
			if e := interEm[r]; e > 0 {
				w += e
				continue
			}
		}
		w += 0.70
	}
	return w * px
}

// interEm are approximate advance widths of Inter Regular, in em.
var interEm = func() [128]float64 {
	var t [128]float64
	set := func(chars string, em float64) {
		for _, c := range chars {
			t[c] = em
		}
	}
	set(" ", 0.28)
	set("!.,:;'|", 0.26)
	set("\"", 0.39)
	set("()[]{}/\\", 0.36)
	set("-", 0.42)
	set("*", 0.47)
	set("?", 0.50)
	set("#$+<=>^~_0123456789", 0.62)
	set("%", 0.83)
	set("&", 0.66)
	set("@", 0.93)
	set("I", 0.28)
	set("J", 0.53)
	set("ELFTZ", 0.60)
	set("BPRSKXY", 0.65)
	set("ACDGHNOQUV", 0.72)
	set("M", 0.89)
	set("W", 0.98)
	set("ijl", 0.24)
	set("frt", 0.36)
	set("sz", 0.51)
	set("cekvxy", 0.54)
	set("abdghnopqu", 0.59)
	set("w", 0.79)
	set("m", 0.88)
	return t
}()
