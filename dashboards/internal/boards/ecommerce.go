package boards

import "github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"

const nso = "National Statistical Office, 2004, Survey Reports on E-Commerce Statistics"

func ecommerce() *dashboard.Dashboard {
	d := dashboard.New(dashboard.Meta{
		UID:         "korea-ict-ecommerce",
		File:        "korea-ict-ecommerce.json",
		Title:       "Korea ICT / E-commerce",
		Description: "How big was Korean e-commerce, who traded with whom, in which industries, and through which channels (2000-2003)?",
		Tags:        []string{"ecommerce"},
		Timeless:    true,
	})
	d.Variable(dashboard.Variable{Name: "year", Query: `label_values(korea_ict_b2b_transactions_won{table="21"}, year)`, Default: "2003", Sort: 3})
	d.Headlines(
		dashboard.Headline{
			Title:       "E-commerce volume",
			Description: "Total e-commerce transaction volume in 2003 (table 17; " + nso + ").",
			Unit:        "currencyKRW",
			Expr:        `korea_ict_ecommerce_transactions_won{table="17",partner="total",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "Share of all transactions",
			Description: "E-commerce transaction volume as a share of all transactions in 2003 (table 9; NCA, Informatisation White Paper 2004).",
			Unit:        "percentunit",
			Expr:        `korea_ict_ecommerce_rate_ratio{table="9",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "E-marketplaces",
			Description: "E-marketplace sites, all sectors, in 2003 (table 26; " + nso + ").",
			Unit:        "short",
			Expr:        `korea_ict_emarketplaces{table="26",category="total"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "Online shopping malls",
			Description: "Online shopping mall sites, all types, in 2003 (table 25; " + nso + ").",
			Unit:        "short",
			Expr:        `korea_ict_online_shopping_malls{table="25",operation="total",mall_type="total",year="2003"}`,
			Legend:      "2003",
		},
	)

	d.Row("Volume and partners")
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "E-commerce share of all transactions",
			Description: "E-commerce transaction volume as a share of all transactions, by year (table 9; NCA, Informatisation White Paper 2004).",
			Unit:        "percentunit",
			W:           12,
			H:           6,
		},
		Queries: []dashboard.Query{{Expr: `korea_ict_ecommerce_rate_ratio{table="9"}`, Legend: "{{year}}"}},
	})
	d.Pie(dashboard.Pie{
		Panel: dashboard.Panel{
			Title:       "E-commerce by transaction partner, 2003",
			Description: "Composition of e-commerce volume by transaction partner in 2003 (table 17; " + nso + ").",
			Unit:        "currencyKRW",
			W:           12,
			H:           6,
			Decimals:    new(1),
		},
		Expr: `korea_ict_ecommerce_transactions_won{table="17",partner!="total",year="2003"}`,
		By:   "partner",
	})
	// B-to-B is a hundred times B-to-C: bars from zero would hide the
	// others, a log scale would make their lengths lie. A table reads them.
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "E-commerce volume by transaction partner",
			Description: "B-to-B, B-to-G, B-to-C and other e-commerce volume, 2002 and 2003 (table 17; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr:    `korea_ict_ecommerce_transactions_won{table="17",partner!="total"}`,
		Rows:    "partner",
		Pivot:   "year",
		Columns: dashboard.YearColumns("currencyKRW", "2002", "2003"),
		Count:   4,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Growth of e-commerce by partner, 2003",
			Description: "Rate of change 2003 over 2002 by transaction partner (table 17; " + nso + ").",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_ecommerce_transactions_growth_ratio{table="17",partner!="total"}`,
		By:   "partner",
		Name: "Growth",
	})

	d.CollapsedRow("B-to-B")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "B-to-B volume by type",
			Description: "Customer-led, seller-led and broker-led B-to-B e-commerce (table 19; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_b2b_transactions_won{table="19",b2b_type!="total",b2b_subtype="total"}`,
		By:   "b2b_type",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "B-to-B volume by location of partners",
			Description: "B-to-B e-commerce between domestic companies and with foreign companies (table 20; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_b2b_transactions_won{table="20",partner_location!="total"}`,
		By:   "partner_location",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "B-to-B volume by industry in $year",
			Description: "B-to-B e-commerce volume by industry in the selected year (table 21; " + nso + "). Manufacturing is some sixty times the smallest industries: their bars are short, not missing.",
			Unit:        "currencyKRW",
			H:           10,
		},
		Expr: `korea_ict_b2b_transactions_won{table="21",industry!="total",year="$year"}`,
		By:   "industry",
		Name: "B-to-B volume",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Growth of B-to-B by industry, 2003",
			Description: "Rate of change of B-to-B e-commerce 2003 over 2002 by industry (table 21; " + nso + ").",
			Unit:        "percentunit",
			H:           10,
		},
		Expr: `korea_ict_b2b_transactions_growth_ratio{table="21",industry!="total"}`,
		By:   "industry",
		Name: "Growth",
	})

	d.CollapsedRow("B-to-C and shopping malls")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "B-to-C revenue by quarter",
			Description: "B-to-C market revenue per quarter, 2001-2003 (table 22; NCA and MIC, White Paper Internet Korea 2003). The table's unit is printed as ten billion won; the values are billions of won (see docs/discrepancies.md).",
			Unit:        "currencyKRW",
			W:           24,
		},
		Expr:   `korea_ict_b2c_revenue_won{table="22"}`,
		Period: []string{"year", "quarter"},
		Name:   "B-to-C revenue",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Cyber shopping mall transactions by partner",
			Description: "Transaction volume of cyber shopping malls by partner (table 24; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_cyber_mall_transactions_won{table="24",partner!="total"}`,
		By:   "partner",
	})
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "E-retailer transactions by product category",
			Description: "Share of e-retailer transactions by product category in two surveys, Korea Click and NSO (table 23; NCA and MIC, White Paper Internet Korea 2003). Undated in the source.",
			Unit:        "percentunit",
			W:           12,
		},
		Expr:  `korea_ict_eretailer_transactions_share_ratio{table="23"}`,
		Rows:  "category",
		Pivot: "survey",
		Columns: []dashboard.Column{
			{Label: "korea_click", Unit: "percentunit", Decimals: new(1)},
			{Label: "nso", Unit: "percentunit", Decimals: new(1)},
		},
		Count: 8,
	})
	// Table 25 counts the same malls twice, by merchandise and by operation:
	// two breakdowns, two panels.
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Online shopping malls by merchandise",
			Description: "Number of online shopping mall sites, general and specialised (table 25; " + nso + "). The same malls are counted by operation in the next panel.",
			Unit:        "short",
		},
		Expr: `korea_ict_online_shopping_malls{table="25",operation="total",mall_type!="total"}`,
		By:   "mall_type",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Online shopping malls by operation",
			Description: "Number of online shopping mall sites, online only and online with offline stores (table 25; " + nso + ").",
			Unit:        "short",
		},
		Expr: `korea_ict_online_shopping_malls{table="25",mall_type="total",operation!="total"}`,
		By:   "operation",
	})

	d.CollapsedRow("E-marketplaces and G-to-B")
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-marketplaces by sector, 2003",
			Description: "Number of e-marketplace sites by sector in 2003 (table 26; " + nso + ").",
			Unit:        "short",
		},
		Expr: `korea_ict_emarketplaces{table="26",category!="total"}`,
		By:   "category",
		Name: "Sites",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-marketplace transactions by sector, 2003",
			Description: "Transaction volume of e-marketplaces by sector in 2003 (table 26; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_emarketplace_transactions_won{table="26",category!="total"}`,
		By:   "category",
		Name: "Transactions",
	})
	d.Pie(dashboard.Pie{
		Panel: dashboard.Panel{
			Title:       "G-to-B purchases by commodity, 2003",
			Description: "Government purchasing amounts by type of commodity (table 27; " + nso + ").",
			Unit:        "currencyKRW",
			Decimals:    new(1),
		},
		Expr: `korea_ict_g2b_purchases_won{table="27",category!="total"}`,
		By:   "category",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "G-to-B market",
			Description: "G-to-B transaction volume: material and service purchases and construction projects (table 28; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_g2b_transactions_won{table="28",category!="total"}`,
		By:   "category",
	})

	d.CollapsedRow("Adoption")
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-commerce implementation rate by industry",
			Description: "Share of companies implementing e-commerce, by industry (table 14; Korea Institute for Electronic Commerce, E-Business White Paper 2004). Undated in the source.",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_ecommerce_implementation_ratio{table="14"}`,
		By:   "industry",
		Name: "Implementation rate",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-commerce implementation rate by firm size",
			Description: "Share of companies implementing e-commerce, by number of employees (table 15; Korea Institute for Electronic Commerce, E-Business White Paper 2004).",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_ecommerce_implementation_ratio{table="15",size!="total"}`,
		By:      "size",
		Name:    "Implementation rate",
		Natural: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Companies with homepages by industry, 2003",
			Description: "Share of companies with homepages, by industry (table 12; NCA, White Paper Internet Korea 2003).",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_firms_with_homepage_ratio{table="12"}`,
		By:   "industry",
		Name: "With a homepage",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Companies with homepages by size, 2003",
			Description: "Share of companies with homepages, by number of employees (table 13; NCA, White Paper Internet Korea 2003).",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_firms_with_homepage_ratio{table="13"}`,
		By:      "size",
		Name:    "With a homepage",
		Natural: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Websites by e-commerce type, 2000",
			Description: "Websites engaged in e-commerce, by type (table 16; " + nso + "). Some sites do several.",
			Unit:        "short",
		},
		Expr: `korea_ict_websites{table="16",category="ecommerce",partner!="total"}`,
		By:   "partner",
		Name: "Websites",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "SME e-commerce (manufacturing) by partner in $year",
			Description: "Composition of SMEs' e-commerce in manufacturing by partner in the selected year (table 18; SMBA and KFSMB, Survey on Current State of SMEs 2003).",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_ecommerce_transactions_share_ratio{table="18",year="$year"}`,
		By:   "partner",
		Name: "Share",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-commerce progress in six key industries",
			Description: "E-commerce progress rate of the six key industries, 2000 and 2003 (table 44; MOCIE).",
			Unit:        "percentunit",
		},
		By: "industry",
		Series: []dashboard.Series{
			{Name: "2000", Expr: `korea_ict_ecommerce_rate_ratio{table="44",year="2000"}`, Pin: "year"},
			{Name: "2003", Expr: `korea_ict_ecommerce_rate_ratio{table="44",year="2003"}`, Pin: "year"},
		},
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "E-payment market",
			Description: "Electronic payment market for online purchases; 2003 is a projection (report text, section IV.D).",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_epayment_market_won{table="text-IV.D"}`,
		Name: "E-payment market",
	})

	d.CollapsedRow("Cross-border e-commerce (article)")
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "E-commerce trade balance: Korea vs the United Kingdom",
			Description: "Balance of goods bought on the web across borders: Korea's deficit and the UK's record surplus. Undated in the source (Korea JoongAng Daily, about 2014; data from the Korean government and OC&C Strategy Consultants).",
			Unit:        "currencyUSD",
			W:           12,
			H:           5,
		},
		By:      "country",
		Queries: []dashboard.Query{{Expr: `korea_ict_ecommerce_trade_dollars{table="article",flow="balance"}`, Legend: "{{country_name}}"}},
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Chinese online shoppers",
			Description: "Chinese shoppers online 'last year', as quoted in the article (Korea JoongAng Daily, about 2014). Undated in the source.",
			Unit:        "short",
			W:           6,
			H:           5,
		},
		Queries: []dashboard.Query{{Expr: `korea_ict_online_shoppers{table="article",country="CHN"}`, Legend: "Shoppers"}},
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Chinese online spending",
			Description: "What Chinese shoppers spent online 'last year', as quoted in the article (Korea JoongAng Daily, about 2014). Undated in the source.",
			Unit:        "currencyUSD",
			W:           6,
			H:           5,
		},
		Queries: []dashboard.Query{{Expr: `korea_ict_online_spending_dollars{table="article",country="CHN"}`, Legend: "Spent"}},
	})
	return d
}
