package userlot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Identity says which record an upsert updates: Userlot matches on one of
// three ids. Make one with ByID, ByExternalID or BySourceExternalID.
//
// What the vendor documents: a body carrying any of the three ids makes
// Userlot attempt to update the matching record, and a body with none of
// them creates a record. What it does not document, and what the client
// therefore does not promise: which id wins when a body carries several,
// and what happens when an id matches nothing. (The fake in package
// userlottest answers 404 for an unknown id and creates a record for an
// unknown external or source external id; see its documentation.)
type Identity struct {
	kind  string // the body field: id, external_id or source_external_id
	value string
}

// ByID matches the record with this Userlot id (a UUID).
func ByID(id string) Identity { return Identity{kind: "id", value: id} }

// ByExternalID matches the record with this id in your product (unique per
// Userlot product).
func ByExternalID(id string) Identity { return Identity{kind: "external_id", value: id} }

// BySourceExternalID matches the record with this id in another system
// such as a CRM or help desk (a record can have several).
func BySourceExternalID(id string) Identity { return Identity{kind: "source_external_id", value: id} }

// String returns "external_id=acme-1".
func (i Identity) String() string { return i.kind + "=" + i.value }

// atMostOneIdentity checks the identities an upsert was given. None means
// "create a record", as the vendor documents for a body without ids. More
// than one is refused: Userlot does not document which id wins, so the
// client never sends a body whose meaning it cannot state.
func atMostOneIdentity(call string, ids []Identity) (id Identity, ok bool, err error) {
	const fix = "pass at most one of userlot.ByID, userlot.ByExternalID or userlot.BySourceExternalID (none creates a record)"
	switch len(ids) {
	case 0:
		return Identity{}, false, nil
	case 1:
	default:
		kinds := make([]string, len(ids))
		for i, id := range ids {
			kinds[i] = id.String()
		}
		return Identity{}, false, &ValidationError{API: apiName, Field: "identity", Problem: fmt.Sprintf("%s got %d identities (%s), and Userlot does not say which one wins",
			call, len(ids), strings.Join(kinds, ", ")), Fix: fix}
	}
	id = ids[0]
	switch {
	case id.kind == "":
		return Identity{}, false, &ValidationError{API: apiName, Field: "identity", Problem: "is the zero Identity", Fix: fix}
	case strings.TrimSpace(id.value) == "":
		return Identity{}, false, &ValidationError{API: apiName, Field: "identity." + id.kind, Problem: "is empty", Fix: "pass the record's " + id.kind}
	case transport.CheckID(id.value, 0) != nil:
		return Identity{}, false, inputError("identity."+id.kind, transport.CheckID(id.value, 0))
	case id.kind == "id":
		if err := checkUUID("identity.id", id.value); err != nil {
			return Identity{}, false, err
		}
	}
	return id, true, nil
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkUUID rejects what cannot be a Userlot id before it is sent. The
// vendor does not type its ids; every id in its examples is a UUID, so the
// client requires one (a stricter reading than the vendor states).
func checkUUID(field, id string) error {
	if !uuidRE.MatchString(id) {
		return &ValidationError{API: apiName, Field: field, Problem: fmt.Sprintf("%q is not a Userlot id", id),
			Fix: "use the UUID Userlot returned (e.g. Company.ID), or match by external id with ByExternalID"}
	}
	return nil
}

// matchFields returns the body's match fields for an identity and the
// record's further source external ids: the id or external_id the identity
// names, and every source external id (the identity's first).
func matchFields(id Identity, ok bool, moreSources []string) (userlotID, external *string, sources []string) {
	if ok {
		v := id.value
		switch id.kind {
		case "id":
			userlotID = &v
		case "external_id":
			external = &v
		default:
			sources = append(sources, v)
		}
	}
	for _, s := range moreSources {
		if !slices.Contains(sources, s) {
			sources = append(sources, s)
		}
	}
	return userlotID, external, sources
}

// checkSourceIDs refuses blank source external ids before they are sent.
func checkSourceIDs(field string, ids []string) error {
	for i, s := range ids {
		if strings.TrimSpace(s) == "" {
			return &ValidationError{API: apiName, Field: fmt.Sprintf("%s[%d]", field, i), Problem: "is blank", Fix: "leave it out, or pass the record's id in the other system"}
		}
	}
	return nil
}

// upsertContext decides whether an upsert may be retried. When the body
// carries an id of any kind it may: a repeat matches the record the first
// attempt created or updated. Without one the body creates a record, and
// Userlot takes no idempotency key, so a retry after a lost answer could
// create two; such an upsert is sent once.
func upsertContext(ctx context.Context, userlotID, external *string, sources []string) context.Context {
	if userlotID != nil || external != nil || len(sources) > 0 {
		return ctx
	}
	return transport.WithoutRetries(ctx)
}
