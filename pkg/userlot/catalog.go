package userlot

import (
	"context"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Product is one of the tenant's products. Inferred: see specs/userlot.yaml.
type Product = gen.Product

// CustomField is the definition of one custom field: Name is the key to
// use in CustomFields. Inferred: see specs/userlot.yaml.
type CustomField = gen.CustomField

// ListProducts returns the tenant's products (one bare array, no paging).
func (c *Client) ListProducts(ctx context.Context) ([]Product, error) {
	if err := transport.CheckContext(ctx, "userlot", "Client.ListProducts"); err != nil {
		return nil, err
	}
	resp, err := c.gen.ListProducts(ctx)
	products, err := transport.Decode[[]Product](c.http, "listProducts", resp, err)
	if err != nil {
		return nil, err
	}
	return *products, nil
}

// ListCustomFields returns the custom-field definitions of the key's
// product; entity ("company", "end_user") narrows them, "" lists all.
func (c *Client) ListCustomFields(ctx context.Context, entity string) ([]CustomField, error) {
	if err := transport.CheckContext(ctx, "userlot", "Client.ListCustomFields"); err != nil {
		return nil, err
	}
	if entity != "" {
		if p := transport.CheckID(entity, 0); p != nil {
			return nil, inputError("entity", p)
		}
	}
	resp, err := c.gen.ListCustomFields(ctx, &gen.ListCustomFieldsParams{Entity: optional(entity)})
	fields, err := transport.Decode[[]CustomField](c.http, "listCustomFields", resp, err)
	if err != nil {
		return nil, err
	}
	return *fields, nil
}
