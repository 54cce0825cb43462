package grafanamodel

// The dashboard grid (public/app/core/constants.ts GRID_COLUMN_COUNT,
// GRID_CELL_HEIGHT, GRID_CELL_VMARGIN) and the width the grid had in the
// screenshots of the boards (../shared/grafana-render: a 1600 px wide
// window with the navigation menu docked leaves 1267 px for the grid;
// measured on the screenshots, not derived).
const (
	GridColumns = 24
	CellHeight  = 30
	CellMargin  = 8
	GridWidth   = 1267
)

// PanelWidth is a panel's width in pixels for w grid columns.
func PanelWidth(w int) float64 {
	return float64(GridWidth+CellMargin)*float64(w)/GridColumns - CellMargin
}

// PanelHeight is a panel's height in pixels for h grid rows.
func PanelHeight(h int) float64 { return float64(h*CellHeight + (h-1)*CellMargin) }

// TitleRoom is the width a panel title has before Grafana cuts it with an
// ellipsis: the panel's width less the header's padding, the description
// icon and the menu's room (packages/grafana-ui/src/components/PanelChrome/
// PanelChrome.tsx: the title is <Text variant="h6" truncate>, 14 px
// medium). The 104 px is calibrated on the 12.4.0 screenshots of the
// Exporter health board, where on 4-column stat panels "Data generation"
// was cut and "Sources failing" was not (TestTitleRoomCalibration).
func TitleRoom(w int) float64 { return PanelWidth(w) - 104 }

// CategoryAxisRoom is the width a horizontal bar chart gives its category
// labels before cutting them on the left: 40 % of the chart's width
// (packages/grafana-ui/src/components/uPlot/config/UPlotAxisBuilder.ts
// calculateAxisSize, "limit y tick label width to 40% of visualization",
// the same in 12.4.0 and 13.2.3), the chart being the panel less its 8 px
// padding on each side.
func CategoryAxisRoom(w int) float64 { return 0.4 * (PanelWidth(w) - 16) }
