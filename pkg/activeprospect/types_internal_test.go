package activeprospect

import (
	"reflect"
	"slices"
	"testing"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
)

// TestHandWrittenTypesCoverEveryGeneratedField guards the hand-written User
// and Credential against a spec change that adds a field the conversion
// would silently drop.
func TestHandWrittenTypesCoverEveryGeneratedField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		gen, wrapper any
		// elsewhere are generated fields the wrapper keeps outside its
		// exported fields (behind accessors).
		elsewhere []string
	}{
		{gen.User{}, User{}, nil},
		{gen.Credential{}, Credential{}, []string{"Password", "Token", "AdditionalProperties"}},
	}
	for _, tt := range tests {
		g, w := reflect.TypeOf(tt.gen), reflect.TypeOf(tt.wrapper)
		for i := range g.NumField() {
			name := g.Field(i).Name
			if _, ok := w.FieldByName(name); !ok && !slices.Contains(tt.elsewhere, name) {
				t.Errorf("%s.%s has no counterpart in the wrapper's %s", g, name, w)
			}
		}
	}
}

func TestUserConversionRoundTrips(t *testing.T) {
	t.Parallel()
	seen := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	g := gen.User{ID: "5fd438f91f0d12766e2bfee5", APIKey: "k", Email: "a@b.c", Accounts: []gen.Account{{ID: "x", APIKey: "ak"}}, Products: []gen.Product{{ID: "lcx"}},
		Membership: map[string]any{"role": "admin"}, Permissions: map[string]any{"x": true},
		Subscriptions: []gen.UserSubscription{{"product": "lcx"}}, ZendeskJWT: "jwt", UIState: gen.UserUIState{HasSeenFreeAccountModal: &seen}}
	if back := userFromGen(g).toGen(); !reflect.DeepEqual(back, g) {
		t.Errorf("round trip = %+v, want %+v", back, g)
	}
}
