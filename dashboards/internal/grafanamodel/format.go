package grafanamodel

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Format is a number as Grafana writes it in a unit, with decimals nil
// for Grafana's automatic decimals: getValueFormat(unit)(value, decimals)
// then formattedValueToString (packages/grafana-data/src/valueFormats/
// valueFormats.ts getValueFormat and categories.ts getCategories; in
// 13.2.3 toFixed, scaledUnits and toFixedUnit moved from valueFormats.ts
// to baseFormatters.ts unchanged). ok is false for a unit this port does
// not know: the caller must say so rather than guess.
func Format(unit string, v float64, decimals *int) (text string, ok bool) {
	switch unit {
	case "", "none":
		return toFixed(v, decimals), true
	case "string":
		return jsString(v), true // stringFormater
	case "short":
		return scaled(v, decimals, 1000, []string{"", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept"}), true
	case "percent":
		return toFixed(v, decimals) + "%", true // arithmeticFormatters.ts toPercent
	case "percentunit":
		return toFixed(100*v, decimals) + "%", true // toPercentUnit
	case "s":
		return toSeconds(v, decimals), true // dateTimeFormatters.ts toSeconds
	}
	if sym, ok := currencies[unit]; ok {
		return currency(sym, v, decimals), true
	}
	// Custom units: "prefix:<text>" and "suffix:<text>" are
	// toFixedUnit(text, asPrefix); a suffix gets a space before it.
	if p, ok := strings.CutPrefix(unit, "prefix:"); ok {
		return p + toFixed(v, decimals), true
	}
	if sfx, ok := strings.CutPrefix(unit, "suffix:"); ok {
		return toFixed(v, decimals) + " " + sfx, true
	}
	return "", false
}

// currencies are the currency units of categories.ts the boards use.
var currencies = map[string]string{"currencyKRW": "₩", "currencyUSD": "$"}

// toFixed is valueFormats.ts toFixed (baseFormatters.ts in 13.2.3).
func toFixed(v float64, decimals *int) string {
	if math.IsInf(v, 0) {
		if v > 0 {
			return "∞"
		}
		return "-∞"
	}
	d := 0
	if decimals != nil {
		d = *decimals
	} else {
		d = decimalsForValue(v)
	}
	if v == 0 {
		return strconv.FormatFloat(0, 'f', max(d, 0), 64)
	}
	factor := 1.0
	if d != 0 {
		factor = math.Pow(10, float64(max(0, d)))
	}
	formatted := jsString(jsRound(v*factor) / factor)
	if strings.Contains(formatted, "e") {
		return formatted
	}
	precision := 0
	if i := strings.IndexByte(formatted, '.'); i >= 0 {
		precision = len(formatted) - i - 1
	}
	if precision < d {
		if precision == 0 {
			formatted += "."
		}
		formatted += strings.Repeat("0", d-precision)
	}
	return formatted
}

// decimalsForValue is getDecimalsForValue, the automatic decimals: two
// significant digits, three from a leading 2.25 up, none for integers.
func decimalsForValue(v float64) int {
	if v == math.Trunc(v) {
		return 0
	}
	a := math.Abs(v)
	dec := -int(math.Floor(jsLog10(a))) + 1
	norm := a / math.Pow(10, float64(-dec))
	if norm > 2.25 {
		dec++
	}
	return max(0, dec)
}

// scaled is scaledUnits(factor, units): the value divided by the largest
// power of the factor below it, with that power's suffix.
func scaled(v float64, decimals *int, factor float64, units []string) string {
	i := 0
	if v != 0 {
		i = int(math.Floor(jsLog10(math.Abs(v)) / jsLog10(factor)))
	}
	i = min(max(i, 0), len(units)-1)
	return toFixed(v/math.Pow(factor, float64(i)), decimals) + units[i]
}

// currency is symbolFormatters.ts currency: the symbol before a value
// scaled by thousands (K, M, B, T), the minus before the symbol.
func currency(sym string, v float64, decimals *int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + sym + scaled(v, decimals, 1000, []string{"", "K", "M", "B", "T"})
}

// toSeconds is dateTimeFormatters.ts toSeconds: seconds in the largest
// unit below the value, up to years of 3.15569e7 s.
func toSeconds(v float64, decimals *int) string {
	a := math.Abs(v)
	scaledTo := func(div float64, unit string) string {
		x := v / div
		if math.Abs(x) > 1 && (unit == " min" || unit == " hour" || unit == " day" || unit == " week" || unit == " year") {
			unit += "s" // appendPluralIf
		}
		return toFixed(x, decimals) + unit
	}
	switch {
	case v == 0:
		return "0 s"
	case a < 1e-6:
		return scaledTo(1e-9, " ns")
	case a < 1e-3:
		return scaledTo(1e-6, " µs")
	case a < 1:
		return scaledTo(1e-3, " ms")
	case a < 60:
		return toFixed(v, decimals) + " s"
	case a < 3600:
		return scaledTo(60, " min")
	case a < 86400:
		return scaledTo(3600, " hour")
	case a < 604800:
		return scaledTo(86400, " day")
	case a < 31536000:
		return scaledTo(604800, " week")
	}
	return scaledTo(3.15569e7, " year")
}

// jsString is JavaScript's String(number) for the magnitudes a dashboard
// shows (below 1e21).
func jsString(v float64) string {
	if math.Abs(v) >= 1e21 || (v != 0 && math.Abs(v) < 1e-6) {
		return strings.Replace(strconv.FormatFloat(v, 'g', -1, 64), "e-0", "e-", 1)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// jsRound is Math.round: halves round up, towards +Infinity.
func jsRound(v float64) float64 { return math.Floor(v + 0.5) }

// jsLog10 is Math.log10, exact at powers of ten as JavaScript engines
// are (Go's math.Log10(1000) is 2.9999999999999996).
func jsLog10(v float64) float64 {
	l := math.Log10(v)
	if r := math.Round(l); math.Pow(10, r) == v {
		return r
	}
	return l
}

// AnyToNumber is packages/grafana-data/src/utils/anyToNumber.ts
// anyToNumber (the same in 12.4.0 and 13.2.3): a number, a numeric string
// as its number, anything else NaN. It is why a year label "2001" is
// formatted as a number by displayProcessor.
func AnyToNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		s := strings.TrimSpace(x)
		if x == "" {
			return math.NaN()
		}
		if s == "" {
			return 0 // lodash toNumber("  ") is 0
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		// lodash toNumber reads 0x, 0b and 0o literals too.
		if n, err := strconv.ParseInt(s, 0, 64); err == nil && len(s) > 2 && s[0] == '0' {
			return float64(n)
		}
		return math.NaN()
	}
	return math.NaN()
}

// Decimals is a pointer to n, for Format's decimals.
func Decimals(n int) *int { return &n }

// MustFormat is Format for units the caller knows are modelled.
func MustFormat(unit string, v float64, decimals *int) string {
	s, ok := Format(unit, v, decimals)
	if !ok {
		panic(fmt.Sprintf("grafanamodel: unit %q not modelled", unit))
	}
	return s
}
