package grafanamodel

import "math"

// AxisMin is where a linear value axis starts for data from lo to hi with
// no min and no soft min set: uPlot's rangeNum with Grafana's ranging
// config (packages/grafana-ui/src/components/uPlot/config/
// UPlotScaleBuilder.ts getConfig: pad 0.1, soft 0, soft mode 3 when no
// softMin; the same in 12.4.0 and 13.2.3; uPlot 1.6.32 _rangeNum, the
// version both pin). With soft mode 3 the axis reaches zero only when the
// padded minimum does: data from 100 to 200 get an axis from 90.
func AxisMin(lo, hi float64) float64 {
	delta := hi - lo
	scalarMax := math.Max(math.Abs(lo), math.Abs(hi))
	if delta < 1e-24 || math.Abs(jsLog10(scalarMax)-jsLog10(delta)) > 10 {
		delta = 0
		if lo == 0 || hi == 0 {
			delta = 1e-24
		}
	}
	nonZero := delta
	if nonZero == 0 {
		nonZero = scalarMax
	}
	if nonZero == 0 {
		nonZero = 1e3
	}
	base := math.Pow(10, math.Floor(jsLog10(nonZero)))
	pad := nonZero * 0.1
	if delta == 0 {
		pad = nonZero
		if lo == 0 {
			pad = nonZero * 0.1
		}
	}
	incr := base / 10
	newMin := math.Floor((lo-pad)/incr) * incr // incrRoundDn
	if lo >= 0 && newMin <= 0 {
		return 0 // the soft minimum, 0, applies
	}
	return newMin
}
