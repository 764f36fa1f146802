package userpilot

import (
	"context"
	"fmt"
	"iter"
	"net/http"

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
	resp, err := s.c.appex.ListSegments(ctx, &gen.ListSegmentsParams{AfterCursor: cursor})
	var page SegmentPage
	if err := decode(s.c.appexT, "listSegments", resp, err, &page); err != nil {
		return nil, err
	}
	return &page, nil
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
	resp, err := s.c.appex.ListEventProperties(ctx, &gen.ListEventPropertiesParams{AfterCursor: cursor})
	var page EventPropertyPage
	if err := decode(s.c.appexT, "listEventProperties", resp, err, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

// allPages turns a page fetcher into an iterator over all items. It stops
// after a page without an after cursor, after an empty page (whatever
// cursor it carries: a server that hands out cursors past the end would
// otherwise be paged forever), and with an error if the server hands back
// a cursor it already gave.
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
	resp, err := s.c.appex.ListUserProperties(ctx)
	return lookup[Property](s.c, "listUserProperties", resp, err)
}

// CompanyProperties lists the company properties exports can contain.
func (s *LookupsService) CompanyProperties(ctx context.Context) ([]Property, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.CompanyProperties"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListCompanyProperties(ctx)
	return lookup[Property](s.c, "listCompanyProperties", resp, err)
}

// FeaturesAndEvents lists the tagged features and tracked events.
func (s *LookupsService) FeaturesAndEvents(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.FeaturesAndEvents"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListFeaturesAndEvents(ctx)
	return lookup[DataField](s.c, "listFeaturesAndEvents", resp, err)
}

// Flows lists the flows (experiences).
func (s *LookupsService) Flows(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Flows"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListFlows(ctx)
	return lookup[ContentItem](s.c, "listFlows", resp, err)
}

// Banners lists the banners.
func (s *LookupsService) Banners(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Banners"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListBanners(ctx)
	return lookup[ContentItem](s.c, "listBanners", resp, err)
}

// Embeds lists the embeds (banners and cards).
func (s *LookupsService) Embeds(ctx context.Context) ([]Embed, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Embeds"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListEmbeds(ctx)
	return lookup[Embed](s.c, "listEmbeds", resp, err)
}

// Spotlights lists the spotlights.
func (s *LookupsService) Spotlights(ctx context.Context) ([]ContentItem, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Spotlights"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListSpotlights(ctx)
	return lookup[ContentItem](s.c, "listSpotlights", resp, err)
}

// Surveys lists the surveys with their questions.
func (s *LookupsService) Surveys(ctx context.Context) ([]Survey, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Surveys"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListSurveys(ctx)
	return lookup[Survey](s.c, "listSurveys", resp, err)
}

// ResourceCenterModules lists the resource center modules.
func (s *LookupsService) ResourceCenterModules(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.ResourceCenterModules"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListResourceCenterModules(ctx)
	return lookup[DataField](s.c, "listResourceCenterModules", resp, err)
}

// Checklists lists the checklists.
func (s *LookupsService) Checklists(ctx context.Context) ([]DataField, error) {
	if err := transport.CheckContext(ctx, "userpilot", "LookupsService.Checklists"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListChecklists(ctx)
	return lookup[DataField](s.c, "listChecklists", resp, err)
}

// lookup decodes an unpaged lookup's list.
func lookup[T any](c *Client, op string, resp *http.Response, err error) ([]T, error) {
	var out []T
	if err := decode(c.appexT, op, resp, err, &out); err != nil {
		return nil, err
	}
	return out, nil
}
