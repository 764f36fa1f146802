package userlot

import (
	"fmt"
	"regexp"
	"strings"
)

// Identity says which record an upsert updates: Userlot matches on one of
// three ids. Make one with ByID, ByExternalID or BySourceExternalID.
type Identity struct {
	kind  string // the body field: id, external_id or source_external_id
	value string
}

// ByID matches the record with this Userlot id (a UUID). Userlot assigns
// ids, so an id that matches nothing is an error, not a new record.
func ByID(id string) Identity { return Identity{kind: "id", value: id} }

// ByExternalID matches the record with this id in your product (unique per
// Userlot product); the record is created when none has it.
func ByExternalID(id string) Identity { return Identity{kind: "external_id", value: id} }

// BySourceExternalID matches the record with this id in another system
// such as a CRM or help desk; the record is created when none has it.
func BySourceExternalID(id string) Identity { return Identity{kind: "source_external_id", value: id} }

// String returns "external_id=acme-1".
func (i Identity) String() string { return i.kind + "=" + i.value }

// oneIdentity checks that exactly one usable identity was passed. Userlot
// updates whichever record a body's id fields match but does not document
// which wins when there are several, so the client sends exactly one.
func oneIdentity(call string, ids []Identity) (Identity, error) {
	const fix = "pass exactly one of userlot.ByID, userlot.ByExternalID or userlot.BySourceExternalID"
	switch len(ids) {
	case 0:
		return Identity{}, &ValidationError{Field: "identity", Problem: call + " got no identity", Fix: fix}
	case 1:
	default:
		kinds := make([]string, len(ids))
		for i, id := range ids {
			kinds[i] = id.String()
		}
		return Identity{}, &ValidationError{Field: "identity", Problem: fmt.Sprintf("%s got %d identities (%s), and Userlot does not say which one wins",
			call, len(ids), strings.Join(kinds, ", ")), Fix: fix}
	}
	id := ids[0]
	switch {
	case id.kind == "":
		return Identity{}, &ValidationError{Field: "identity", Problem: "is the zero Identity", Fix: fix}
	case strings.TrimSpace(id.value) == "":
		return Identity{}, &ValidationError{Field: "identity." + id.kind, Problem: "is empty", Fix: "pass the record's " + id.kind}
	case id.kind == "id":
		if err := checkUUID("identity.id", id.value); err != nil {
			return Identity{}, err
		}
	}
	return id, nil
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkUUID rejects what cannot be a Userlot id before it is sent.
func checkUUID(field, id string) error {
	if !uuidRE.MatchString(id) {
		return &ValidationError{Field: field, Problem: fmt.Sprintf("%q is not a Userlot id", id),
			Fix: "use the UUID Userlot returned (e.g. Company.ID), or match by external id with ByExternalID"}
	}
	return nil
}

// fields returns the body fields for an identity: one set, two nil.
func (i Identity) fields() (id, external, source *string) {
	v := i.value
	switch i.kind {
	case "id":
		return &v, nil, nil
	case "external_id":
		return nil, &v, nil
	}
	return nil, nil, &v
}
