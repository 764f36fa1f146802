package activeprospect

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// User is the authenticated user, with the products of ActiveProspect and
// the accounts the user belongs to.
//
// The API returns the user's API key in clear. APIKey is an ordinary field,
// but every way of printing a User (String, any fmt verb, slog,
// encoding/json) shows it as [REDACTED]; Accounts holds [Account] values,
// which redact their keys the same way.
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

// UserService reads the authenticated user and their notification settings.
type UserService service

// Get returns the user whose API key the client uses.
func (s *UserService) Get(ctx context.Context) (*User, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.Get"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetAuthenticatedUserWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("get user", resp.StatusCode(), resp.Body)
	}
	u := userFromGen(*resp.JSON200)
	return &u, nil
}

// Settings returns the notification settings of the user with the given id
// (the ID of [UserService.Get]'s result).
func (s *UserService) Settings(ctx context.Context, userID string) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.Settings"); err != nil {
		return nil, err
	}
	if err := validateID("userID", "user (User.ID)", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetUserSettingsWithResponse(ctx, userID)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("get user settings", resp.StatusCode(), resp.Body)
	}
	return resp.JSON200, nil
}

// CreateSettings creates the authenticated user's notification settings.
func (s *UserService) CreateSettings(ctx context.Context, settings UserSettings) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.CreateSettings"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.CreateUserSettingsWithResponse(ctx, settings)
	if err != nil {
		return nil, err
	}
	if resp.JSON201 == nil {
		return nil, unexpected("create user settings", resp.StatusCode(), resp.Body)
	}
	return resp.JSON201, nil
}

// UpdateSettings changes the channels and flags that settings sets (a flag
// set to Ptr(false) is sent; a nil one is not) and returns the result.
func (s *UserService) UpdateSettings(ctx context.Context, userID string, settings UserSettings) (*UserSettings, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "UserService.UpdateSettings"); err != nil {
		return nil, err
	}
	if err := validateID("userID", "user (User.ID)", userID); err != nil {
		return nil, err
	}
	if settings == (UserSettings{}) {
		return nil, &ValidationError{
			Field:   "settings",
			Problem: "sets nothing",
			Fix:     "set at least one flag, e.g. Notifications.ConnectionInvites.Enabled: activeprospect.Ptr(false)",
		}
	}
	resp, err := s.client.gen.UpdateUserSettingsWithResponse(ctx, userID, settings)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("update user settings", resp.StatusCode(), resp.Body)
	}
	return resp.JSON200, nil
}
