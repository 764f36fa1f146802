package cdpkit

// Ptr returns a pointer to v, for the optional fields of the clients'
// inputs, where nil means "not set" and a pointer to the zero value means
// "set to zero":
//
//	usermost.User{UserID: "u-42", EmailOptIn: cdpkit.Ptr(false)}
func Ptr[T any](v T) *T { return &v }
