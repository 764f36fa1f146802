package activeprospect

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// User is the authenticated user, with the products of ActiveProspect and
// the accounts the user belongs to.
//
// The API returns the user's API key and a Zendesk token in clear. APIKey
// is an ordinary field and ZendeskJWT a [Secret] (call Reveal to use it);
// every way of printing a User (String, any fmt verb, slog, encoding/json)
// shows both as [REDACTED], and so does a Secret printed on its own.
// Accounts holds [Account] values, which redact their keys the same way.
type User struct {
	// ID is the user's 24-character hexadecimal id.
	ID string
	// SSOID is the account's id across all ActiveProspect products.
	SSOID string
	// APIKey is the user's API key, usually the key the client uses.
	APIKey string
	// Superuser reports a super user.
	Superuser bool
	// UserAdmin reports whether the user can manage users and verified domains.
	UserAdmin bool
	// SubscriptionAdmin reports whether the user can manage subscriptions.
	SubscriptionAdmin bool
	// RoleString is the user's role (unused by the vendor).
	RoleString string
	// FirstName is the user's first name.
	FirstName string
	// LastName is the user's last name.
	LastName string
	// Email is the user's email address.
	Email string
	// Phone is the user's phone number.
	Phone string
	// CompanyName is the name of the user's company.
	CompanyName string
	// CreatedAt is when the user was created; zero if the API did not say.
	CreatedAt time.Time
	// Expires is when the user's access expires; zero if it does not.
	Expires time.Time
	// Products lists every ActiveProspect product and whether the account
	// subscribes to it.
	Products []Product
	// ProductCode is the product the user is working in.
	ProductCode ProductCode
	// Accounts are the accounts the user belongs to.
	Accounts []Account
	// Membership is the user's membership of the account, as the API sends
	// it (the vendor documents it only as an object).
	Membership map[string]any
	// Permissions says what the user may do, as the API sends it (the vendor
	// documents it only as an object).
	Permissions map[string]any
	// Subscriptions are the user's product subscriptions.
	Subscriptions []UserSubscription
	// ZendeskJWT is a signed token for the vendor's Zendesk help centre. It
	// is a secret: it prints as [REDACTED]; call Reveal to use it.
	ZendeskJWT Secret
	// UIState says when the user dismissed each UI prompt.
	UIState UserUIState
}

func userFromGen(g gen.User) User {
	u := User{
		ID:                g.ID,
		SSOID:             g.SSOID,
		APIKey:            g.APIKey,
		Superuser:         g.Superuser,
		UserAdmin:         g.UserAdmin,
		SubscriptionAdmin: g.SubscriptionAdmin,
		RoleString:        g.RoleString,
		FirstName:         g.FirstName,
		LastName:          g.LastName,
		Email:             g.Email,
		Phone:             g.Phone,
		CompanyName:       g.CompanyName,
		CreatedAt:         g.CreatedAt,
		Expires:           g.Expires,
		Products:          g.Products,
		ProductCode:       g.ProductCode,
		Membership:        g.Membership,
		Permissions:       g.Permissions,
		Subscriptions:     g.Subscriptions,
		ZendeskJWT:        NewSecret(g.ZendeskJWT),
		UIState:           g.UIState,
	}
	for _, a := range g.Accounts {
		u.Accounts = append(u.Accounts, Account(a))
	}
	return u
}

func (u User) toGen() gen.User {
	g := gen.User{
		ID:                u.ID,
		SSOID:             u.SSOID,
		APIKey:            u.APIKey,
		Superuser:         u.Superuser,
		UserAdmin:         u.UserAdmin,
		SubscriptionAdmin: u.SubscriptionAdmin,
		RoleString:        u.RoleString,
		FirstName:         u.FirstName,
		LastName:          u.LastName,
		Email:             u.Email,
		Phone:             u.Phone,
		CompanyName:       u.CompanyName,
		CreatedAt:         u.CreatedAt,
		Expires:           u.Expires,
		Products:          u.Products,
		ProductCode:       u.ProductCode,
		Membership:        u.Membership,
		Permissions:       u.Permissions,
		Subscriptions:     u.Subscriptions,
		ZendeskJWT:        u.ZendeskJWT.Reveal(),
		UIState:           u.UIState,
	}
	for _, a := range u.Accounts {
		g.Accounts = append(g.Accounts, gen.Account(a))
	}
	return g
}

// String returns the user as JSON with the keys redacted.
func (u User) String() string { return string(safeJSON(u.toGen())) }

// Format implements fmt.Formatter so that every verb hides the keys.
func (u User) Format(f fmt.State, verb rune) { formatSafe(f, verb, u.toGen(), new(gen.User)) }

// LogValue implements slog.LogValuer with the keys redacted.
func (u User) LogValue() slog.Value { return logValueSafe(u.toGen()) }

// MarshalJSON encodes the user in the API's shape with the keys redacted.
func (u User) MarshalJSON() ([]byte, error) { return safeJSON(u.toGen()), nil }

// UserService reads and updates the authenticated user and their
// notification settings.
type UserService service

// Get returns the user whose API key the client uses. It is a read, so it
// is retried like any request.
func (s *UserService) Get(ctx context.Context) (*User, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.Get"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetAuthenticatedUser(ctx)
	return userResult(s.client, "getAuthenticatedUser", resp, err)
}

// Update changes the UI state flags that update sets (a flag set to
// cdpkit.Ptr(false) is sent and clears it; a nil flag is not sent) of the user with
// the given id, and returns the user afterwards. An update that sets
// nothing is rejected before any request.
//
// Update is retried after a connection error or a 5xx: setting a flag twice
// leaves it as setting it once does.
func (s *UserService) Update(ctx context.Context, userID string, update UserUpdate) (*User, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.Update"); err != nil {
		return nil, err
	}
	if err := validateID("userID", "user (User.ID)", userID); err != nil {
		return nil, err
	}
	if update == (UserUpdate{}) {
		return nil, &ValidationError{API: apiName,
			Field:   "update",
			Problem: "sets nothing",
			Fix:     "set a flag, e.g. UserUpdate{UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)}}",
		}
	}
	resp, err := s.client.gen.UpdateUser(ctx, userID, update)
	return userResult(s.client, "updateUser", resp, err)
}

func userResult(c *Client, operation string, resp *http.Response, err error) (*User, error) {
	g, err := decode[gen.User](c, operation, resp, err)
	if err != nil {
		return nil, err
	}
	u := userFromGen(*g)
	return &u, nil
}

// Settings returns the notification settings of the user with the given id
// (the ID of [UserService.Get]'s result). It is a read, so it is retried like
// any request.
func (s *UserService) Settings(ctx context.Context, userID string) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.Settings"); err != nil {
		return nil, err
	}
	if err := validateID("userID", "user (User.ID)", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetUserSettings(ctx, userID)
	return decode[UserSettings](s.client, "getUserSettings", resp, err)
}

// CreateSettings creates the authenticated user's notification settings.
//
// CreateSettings is sent once and never retried automatically: it is a
// POST that creates a record, and the API takes no idempotency key, so a
// retry after a lost answer could create the settings twice. After a
// connection error or a 5xx, read them with Settings before trying again,
// or change them with UpdateSettings, which is safe to repeat.
func (s *UserService) CreateSettings(ctx context.Context, settings UserSettings) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.CreateSettings"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.CreateUserSettings(transport.WithoutRetries(ctx), settings)
	return decode[UserSettings](s.client, "createUserSettings", resp, err)
}

// UpdateSettings changes the channels and flags that settings sets (a flag
// set to cdpkit.Ptr(false) is sent; a nil one is not) and returns the result.
//
// UpdateSettings is retried after a connection error or a 5xx: it sets
// flags to the given values, so sending it twice changes nothing more.
func (s *UserService) UpdateSettings(ctx context.Context, userID string, settings UserSettings) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.UpdateSettings"); err != nil {
		return nil, err
	}
	if err := validateID("userID", "user (User.ID)", userID); err != nil {
		return nil, err
	}
	if settings == (UserSettings{}) {
		return nil, &ValidationError{API: apiName,
			Field:   "settings",
			Problem: "sets nothing",
			Fix:     "set at least one flag, e.g. Notifications.ConnectionInvites.Enabled: cdpkit.Ptr(false)",
		}
	}
	resp, err := s.client.gen.UpdateUserSettings(ctx, userID, settings)
	return decode[UserSettings](s.client, "updateUserSettings", resp, err)
}
