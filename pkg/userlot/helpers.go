package userlot

// Float returns a pointer to v, for the optional numbers of the inputs
// (CompanyInput.MRR).
func Float(v float64) *float64 { return &v }

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
