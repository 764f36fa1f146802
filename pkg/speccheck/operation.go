package speccheck

import (
	"net/http"
	"sort"
)

// Operation names one operation of a document.
type Operation struct {
	ID     string // operationId
	Method string
	Path   string // the path template
}

// Operation reports which operation of the document req is for.
func (c *Checker) Operation(req *http.Request) (Operation, bool) {
	route, _, ok := c.route(req)
	if !ok {
		return Operation{}, false
	}
	return Operation{ID: route.Operation.OperationID, Method: route.Method, Path: route.Path}, true
}

// Operations lists every operation of the document, by path then method.
func (c *Checker) Operations() []Operation {
	var out []Operation
	if c.doc.Paths == nil {
		return out
	}
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, Operation{ID: op.OperationID, Method: method, Path: path})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// API is the name the Checker gives its document in drifts.
func (c *Checker) API() string { return c.api }
