package specload_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/specload"
)

// The checker itself must catch the two mistakes it exists for: a field the
// schema does not know, and a property the type forgot.
func TestCheckJSONNamesFindsBothDirections(t *testing.T) {
	t.Parallel()
	type exact struct {
		Events []any `json:"events"`
	}
	if err := specload.CheckJSONNames(context.Background(), "usermost", "EventBatch", exact{}); err != nil {
		t.Errorf("exact match reported: %v", err)
	}
	type typo struct {
		Evnts []any `json:"evnts"`
	}
	err := specload.CheckJSONNames(context.Background(), "usermost", "EventBatch", typo{})
	if err == nil || !strings.Contains(err.Error(), `"evnts"`) || !strings.Contains(err.Error(), `"events"`) {
		t.Errorf("typo: got %v, want both the unknown and the missing name", err)
	}
	type partial struct {
		UserID string `json:"userId"`
		hidden string
		Skip   string `json:"-"`
	}
	err = specload.CheckJSONNames(context.Background(), "usermost", "Event", &partial{}, "deviceId", "eventName", "eventTime", "eventData")
	if err != nil {
		t.Errorf("partial with omissions: %v", err)
	}
	err = specload.CheckJSONNames(context.Background(), "usermost", "Event", &partial{}, "deviceId", "nosuch")
	if err == nil || !strings.Contains(err.Error(), `"nosuch"`) || !strings.Contains(err.Error(), `"eventName"`) {
		t.Errorf("stale omission and missing field: got %v", err)
	}
	if err := specload.CheckJSONNames(context.Background(), "usermost", "NoSuchSchema", exact{}); err == nil {
		t.Error("an unknown schema was accepted")
	}
}

// allOf parts count: UserBody is User plus the id rule.
func TestCheckJSONNamesFollowsAllOf(t *testing.T) {
	t.Parallel()
	type ids struct {
		UserID   string `json:"userId"`
		DeviceID string `json:"deviceId"`
	}
	err := specload.CheckJSONNames(context.Background(), "usermost", "UserBody", ids{})
	if err == nil || !strings.Contains(err.Error(), `"firstName"`) {
		t.Errorf("got %v, want the properties User adds through allOf reported as missing", err)
	}
}
