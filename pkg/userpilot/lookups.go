package userpilot

import (
	"context"
	"fmt"
	"iter"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// LookupsService lists the entities an export can refer to, on the export
// host. Get it from Client.Lookups. Segments and event properties are paged;
// their iterators fetch every page as the loop advances.
type LookupsService struct{ c *Client }

// Segments yields every segment, fetching pages as needed:
//
//	for seg, err := range client.Lookups.Segments(ctx) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(seg.ID, seg.Title)
//	}
func (s *LookupsService) Segments(ctx context.Context) iter.Seq2[Segment, error] {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Segments"); err != nil {
		return transport.Failed[Segment](err)
	}
	return allPages(ctx, func(ctx context.Context, cursor string) ([]Segment, *string, error) {
		p, err := s.SegmentsPage(ctx, cursor)
		if err != nil {
			return nil, nil, err
		}
		return p.Data, p.Metadata.Cursor.After, nil
	})
}

// SegmentsPage returns one page of segments; pass "" for the first page and
// the page's Metadata.Cursor.After for the next.
func (s *LookupsService) SegmentsPage(ctx context.Context, cursor string) (*SegmentPage, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.SegmentsPage"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListSegmentsWithResponse(ctx, &gen.ListSegmentsParams{AfterCursor: cursor})
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected(resp.HTTPResponse, resp.Body)
	}
	return resp.JSON200, nil
}

// EventProperties yields every property of every trackable event.
func (s *LookupsService) EventProperties(ctx context.Context) iter.Seq2[EventProperty, error] {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.EventProperties"); err != nil {
		return transport.Failed[EventProperty](err)
	}
	return allPages(ctx, func(ctx context.Context, cursor string) ([]EventProperty, *string, error) {
		p, err := s.EventPropertiesPage(ctx, cursor)
		if err != nil {
			return nil, nil, err
		}
		return p.Data, p.Metadata.Cursor.After, nil
	})
}

// EventPropertiesPage returns one page of event properties.
func (s *LookupsService) EventPropertiesPage(ctx context.Context, cursor string) (*EventPropertyPage, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.EventPropertiesPage"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListEventPropertiesWithResponse(ctx, &gen.ListEventPropertiesParams{AfterCursor: cursor})
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected(resp.HTTPResponse, resp.Body)
	}
	return resp.JSON200, nil
}

// allPages turns a page fetcher into an iterator over all items. It stops
// with an error if the server hands back a cursor it already gave, which
// would otherwise loop forever.
func allPages[T any](ctx context.Context, fetch func(ctx context.Context, cursor string) ([]T, *string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]bool{}
		cursor := ""
		for {
			items, next, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == nil || *next == "" || len(items) == 0 {
				return
			}
			if seen[*next] {
				yield(zero, fmt.Errorf("userpilot: the server returned cursor %q twice; stopping instead of looping", *next))
				return
			}
			seen[*next] = true
			cursor = *next
		}
	}
}

// UserProperties lists the user properties exports can contain.
func (s *LookupsService) UserProperties(ctx context.Context) ([]Property, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.UserProperties"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListUserPropertiesWithResponse(ctx)
	return list(resp, err, func(r *gen.ListUserPropertiesResponse) ([]Property, bool) { return deref(r.JSON200) })
}

// CompanyProperties lists the company properties exports can contain.
func (s *LookupsService) CompanyProperties(ctx context.Context) ([]Property, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.CompanyProperties"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListCompanyPropertiesWithResponse(ctx)
	return list(resp, err, func(r *gen.ListCompanyPropertiesResponse) ([]Property, bool) { return deref(r.JSON200) })
}

// FeaturesAndEvents lists the tagged features and tracked events.
func (s *LookupsService) FeaturesAndEvents(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.FeaturesAndEvents"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListFeaturesAndEventsWithResponse(ctx)
	return list(resp, err, func(r *gen.ListFeaturesAndEventsResponse) ([]DataField, bool) { return deref(r.JSON200) })
}

// Flows lists the flows (experiences).
func (s *LookupsService) Flows(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Flows"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListFlowsWithResponse(ctx)
	return list(resp, err, func(r *gen.ListFlowsResponse) ([]ContentItem, bool) { return deref(r.JSON200) })
}

// Banners lists the banners.
func (s *LookupsService) Banners(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Banners"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListBannersWithResponse(ctx)
	return list(resp, err, func(r *gen.ListBannersResponse) ([]ContentItem, bool) { return deref(r.JSON200) })
}

// Embeds lists the embeds (banners and cards).
func (s *LookupsService) Embeds(ctx context.Context) ([]Embed, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Embeds"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListEmbedsWithResponse(ctx)
	return list(resp, err, func(r *gen.ListEmbedsResponse) ([]Embed, bool) { return deref(r.JSON200) })
}

// Spotlights lists the spotlights.
func (s *LookupsService) Spotlights(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Spotlights"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListSpotlightsWithResponse(ctx)
	return list(resp, err, func(r *gen.ListSpotlightsResponse) ([]ContentItem, bool) { return deref(r.JSON200) })
}

// Surveys lists the surveys with their questions.
func (s *LookupsService) Surveys(ctx context.Context) ([]Survey, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Surveys"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListSurveysWithResponse(ctx)
	return list(resp, err, func(r *gen.ListSurveysResponse) ([]Survey, bool) { return deref(r.JSON200) })
}

// ResourceCenterModules lists the resource center modules.
func (s *LookupsService) ResourceCenterModules(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.ResourceCenterModules"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListResourceCenterModulesWithResponse(ctx)
	return list(resp, err, func(r *gen.ListResourceCenterModulesResponse) ([]DataField, bool) { return deref(r.JSON200) })
}

// Checklists lists the checklists.
func (s *LookupsService) Checklists(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Checklists"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListChecklistsWithResponse(ctx)
	return list(resp, err, func(r *gen.ListChecklistsResponse) ([]DataField, bool) { return deref(r.JSON200) })
}

// responder is what every generated response has.
type responder interface {
	StatusCode() int
}

// list unwraps an unpaged lookup's response.
func list[R responder, T any](resp R, err error, items func(R) ([]T, bool)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out, ok := items(resp)
	if !ok {
		return nil, fmt.Errorf("userpilot: unexpected %d answer without a JSON list", resp.StatusCode())
	}
	return out, nil
}

func deref[T any](p *[]T) ([]T, bool) {
	if p == nil {
		return nil, false
	}
	return *p, true
}
