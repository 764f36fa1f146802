package reliability

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// TestMain runs the suite, prints the figures the README quotes (with -v),
// and fails the run if any goroutine outlives it.
func TestMain(m *testing.M) {
	code := m.Run()
	if testing.Verbose() {
		fmt.Print(figuresReport())
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

var contextType = reflect.TypeFor[context.Context]()

// apiMethods lists "Type.Method" for every exported method that takes a
// context, on each client and on the services its exported fields hold.
func apiMethods(client any) []string {
	var out []string
	add := func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumMethod() {
			m := t.Method(i)
			if m.Type.NumIn() > 1 && m.Type.In(1) == contextType {
				out = append(out, t.Elem().Name()+"."+m.Name)
			}
		}
	}
	v := reflect.ValueOf(client)
	add(v)
	for i := range v.Elem().NumField() {
		f := v.Elem().Field(i)
		if v.Elem().Type().Field(i).IsExported() && f.Kind() == reflect.Pointer && !f.IsNil() {
			add(f)
		}
	}
	return out
}

// TestCatalogueCoversEveryMethod fails when a client gains a method that
// the suite does not exercise.
func TestCatalogueCoversEveryMethod(t *testing.T) {
	e := newEnv(t, setup{})
	listed := map[string]map[string]bool{}
	for _, c := range catalogue() {
		if listed[c.api] == nil {
			listed[c.api] = map[string]bool{}
		}
		if listed[c.api][c.name] {
			t.Errorf("%s %s is listed twice", c.api, c.name)
		}
		listed[c.api][c.name] = true
	}
	clients := map[string]any{apiUsermost: e.usermost, apiUserpilot: e.userpilot, apiUserlot: e.userlot, apiActiveProspect: e.activeprospect}
	total := 0
	for api, client := range clients {
		methods := apiMethods(client)
		total += len(methods)
		for _, m := range methods {
			if !listed[api][m] {
				t.Errorf("%s.%s has no entry in the catalogue (calls_test.go)", api, m)
			}
			delete(listed[api], m)
		}
		for m := range listed[api] {
			t.Errorf("catalogue entry %s.%s matches no method", api, m)
		}
	}
	if total < 60 {
		t.Errorf("found only %d methods: the reflection walk is broken", total)
	}
}

// TestCatalogueCallsWorkOnTheFakes: every write, sent once to a healthy
// fake, stores exactly what it should. The fault runs build on this.
func TestCatalogueCallsWorkOnTheFakes(t *testing.T) {
	e := newEnv(t, setup{})
	for _, c := range catalogue() {
		m := marker()
		if c.prep != nil {
			c.prep(e, m)
		}
		err := c.do(context.Background(), e, m)
		if !c.write {
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.api, c.name, err)
			continue
		}
		if c.stored != nil {
			if got := c.stored(e, m); got != c.units {
				t.Errorf("%s %s stored %d, want %d", c.api, c.name, got, c.units)
			}
		}
	}
	_ = slices.Contains[[]string]
	_ = []any{usermost.Event{}, userpilot.Event{}, userlot.Event{}, activeprospect.Credential{}}
}
