package userpilottest

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// Reserved properties exist in every environment, identified or not.
var (
	reservedUserProps    = []string{"name", "email", "created_at"}
	reservedCompanyProps = []string{"name", "created_at"}
)

func (h *handlers) ListUserProperties(context.Context, gen.ListUserPropertiesRequestObject) (gen.ListUserPropertiesResponseObject, error) {
	return gen.ListUserProperties200JSONResponse(h.properties("user", reservedUserProps)), nil
}

func (h *handlers) ListCompanyProperties(context.Context, gen.ListCompanyPropertiesRequestObject) (gen.ListCompanyPropertiesResponseObject, error) {
	return gen.ListCompanyProperties200JSONResponse(h.properties("company", reservedCompanyProps)), nil
}

// properties lists the reserved properties of a kind and every metadata key
// identified so far, in first-seen order.
func (h *handlers) properties(kind string, reserved []string) []gen.Property {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.advanceLocked(st.now())
	for _, k := range reserved {
		st.propIDLocked(kind + ":" + k)
	}
	out := []gen.Property{}
	for _, k := range sortedKeys(kind+":", st.propIDs) {
		out = append(out, gen.Property{
			ID: st.propIDs[kind+":"+k], Type: kind + "_property", Key: k,
			DisplayName: displayName(k), DataType: "string", IsAutoProperty: false,
		})
	}
	return out
}

func displayName(key string) string {
	words := strings.Fields(strings.ReplaceAll(key, "_", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func (h *handlers) ListSegments(_ context.Context, req gen.ListSegmentsRequestObject) (gen.ListSegmentsResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	segments := append([]Segment(nil), st.segments...)
	st.mu.Unlock()
	data, meta, err := page(segments, req.Params.AfterCursor, h.s.cfg.pageSize)
	if err != nil {
		return nil, err
	}
	return gen.ListSegments200JSONResponse{Data: data, Metadata: meta}, nil
}

func (h *handlers) ListEventProperties(_ context.Context, req gen.ListEventPropertiesRequestObject) (gen.ListEventPropertiesResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	st.advanceLocked(st.now())
	props := make([]gen.EventProperty, 0, len(st.eventProps))
	for _, p := range st.eventProps {
		props = append(props, *p)
	}
	st.mu.Unlock()
	sort.Slice(props, func(i, j int) bool { return props[i].ID < props[j].ID })
	data, meta, err := page(props, req.Params.AfterCursor, h.s.cfg.pageSize)
	if err != nil {
		return nil, err
	}
	return gen.ListEventProperties200JSONResponse{Data: data, Metadata: meta}, nil
}

// page cuts one page out of items. Cursors are opaque to clients; here they
// encode the offset of the page they lead to.
func page[T any](items []T, cursor string, size int) ([]T, gen.PageMetadata, error) {
	offset := 0
	if cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(cursor)
		n, ok := strings.CutPrefix(string(raw), "offset:")
		if err != nil || !ok {
			return nil, gen.PageMetadata{}, badRequest(fmt.Sprintf("after_cursor %q is not a cursor this API returned", cursor))
		}
		if offset, err = strconv.Atoi(n); err != nil || offset < 0 || offset > len(items) {
			return nil, gen.PageMetadata{}, badRequest(fmt.Sprintf("after_cursor %q is out of range", cursor))
		}
	}
	end := min(offset+size, len(items))
	meta := gen.PageMetadata{Limit: size, TotalCount: len(items)}
	if end < len(items) {
		c := encodeCursor(end)
		meta.Cursor.After = &c
	}
	if offset > 0 {
		c := encodeCursor(max(offset-size, 0))
		meta.Cursor.Before = &c
	}
	return append([]T{}, items[offset:end]...), meta, nil
}

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func (h *handlers) ListFeaturesAndEvents(context.Context, gen.ListFeaturesAndEventsRequestObject) (gen.ListFeaturesAndEventsResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.advanceLocked(st.now())
	out := gen.ListFeaturesAndEvents200JSONResponse{}
	for _, name := range st.eventNames {
		out = append(out, gen.DataField{Key: name, DisplayName: displayName(name), DataType: "string"})
	}
	return out, nil
}

func (h *handlers) ListFlows(context.Context, gen.ListFlowsRequestObject) (gen.ListFlowsResponseObject, error) {
	return gen.ListFlows200JSONResponse{{ID: 123, Title: "Onboarding Flow"}, {ID: 124, Title: "Feature Tour"}}, nil
}

func (h *handlers) ListBanners(context.Context, gen.ListBannersRequestObject) (gen.ListBannersResponseObject, error) {
	return gen.ListBanners200JSONResponse{{ID: 77, Title: "Promo Banner"}}, nil
}

func (h *handlers) ListEmbeds(context.Context, gen.ListEmbedsRequestObject) (gen.ListEmbedsResponseObject, error) {
	return gen.ListEmbeds200JSONResponse{{ID: 77, Title: "Promo Banner", Type: gen.EmbedBanner}, {ID: 92, Title: "Feature Card", Type: gen.EmbedCard}}, nil
}

func (h *handlers) ListSpotlights(context.Context, gen.ListSpotlightsRequestObject) (gen.ListSpotlightsResponseObject, error) {
	return gen.ListSpotlights200JSONResponse{{ID: 88, Title: "New Feature Spotlight"}}, nil
}

func (h *handlers) ListSurveys(context.Context, gen.ListSurveysRequestObject) (gen.ListSurveysResponseObject, error) {
	return gen.ListSurveys200JSONResponse{{
		ID: 45, Title: "CSAT Survey", Platform: "web",
		Modules: []gen.SurveyModule{{ID: 1, Order: 1, Type: "open_text", Question: "How was it?"}},
	}}, nil
}

func (h *handlers) ListResourceCenterModules(context.Context, gen.ListResourceCenterModulesRequestObject) (gen.ListResourceCenterModulesResponseObject, error) {
	return gen.ListResourceCenterModules200JSONResponse{{Key: "resource_center_module_a", DisplayName: "Resource Center Module A", DataType: "string"}}, nil
}

func (h *handlers) ListChecklists(context.Context, gen.ListChecklistsRequestObject) (gen.ListChecklistsResponseObject, error) {
	return gen.ListChecklists200JSONResponse{{Key: "checklist_a", DisplayName: "Checklist A", DataType: "string"}}, nil
}

// seedSegments is the fake environment's segment list: enough for a few
// pages at small page sizes.
func seedSegments() []Segment {
	titles := []string{
		"Active Users", "New Signups", "Power Users", "Trial Accounts", "Churn Risk", "Enterprise Admins",
		"Mobile Users", "EU Customers", "Inactive 30 Days", "Beta Testers", "Paying Customers", "Onboarding Incomplete",
	}
	out := make([]Segment, len(titles))
	for i, t := range titles {
		out[i] = Segment{ID: 101 + i, Title: t, Usage: "all", Category: "user_id", Status: "published"}
	}
	return out
}
