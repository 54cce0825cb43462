package boards

// All returns every dashboard, in a fixed order.
func All() []Board {
	return []Board{itIndustry(), ecommerce(), smes(), history(), health()}
}
