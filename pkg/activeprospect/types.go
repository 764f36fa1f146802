package activeprospect

import (
	"github.com/cdpkit/cdpkit"
	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
)

// Error is returned for every non-2xx answer. Use errors.As to inspect it;
// Message holds the API's {"error": ...} text.
type Error = cdpkit.Error

// AccountUpdate lists the account fields to change. Set a field to change it
// (a pointer to a zero value sends that zero value) and leave it nil to keep
// it as it is:
//
//	activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)}
//
// sends exactly {"data_retention_in_days":0}.
type AccountUpdate = gen.AccountUpdate

// AccountFeatures are the features switched on or off for an account. In an
// [AccountUpdate], only the flags that are set (non-nil) are sent.
type AccountFeatures = gen.AccountFeatures

// AccountSubscriptions are an account's subscriptions by tier.
type AccountSubscriptions = gen.AccountSubscriptions

// Subscription is one subscription tier of an account.
type Subscription = gen.Subscription

// ConnectedAccount is another account connected to this one as buyer or seller.
type ConnectedAccount = gen.ConnectedAccount

// PendingAccount is an account invited to connect that has not accepted yet.
type PendingAccount = gen.PendingAccount

// PricingComponent is one pricing component of an account's plan; the vendor
// does not document its fields.
type PricingComponent = gen.PricingComponent

// BillingType says how an account is billed.
type BillingType = gen.BillingType

// The billing types the API documents.
const (
	BillingContracted  = gen.BillingContracted
	BillingSelfService = gen.BillingSelfService
)

// FinancialState says whether a contracted account is paid up.
type FinancialState = gen.FinancialState

// The financial states the API documents.
const (
	FinancialPaid   = gen.FinancialPaid
	FinancialUnpaid = gen.FinancialUnpaid
)

// Product is an ActiveProspect product and whether the account subscribes to it.
type Product = gen.Product

// ProductCode names the product a user is working in.
type ProductCode = gen.ProductCode

// The product codes the API documents.
const (
	ProductLeadConduit     = gen.ProductLeadConduit
	ProductTrustedForm     = gen.ProductTrustedForm
	ProductSuppressionList = gen.ProductSuppressionList
	ProductAccount         = gen.ProductAccount
)

// CredentialType is the kind of a credential. The API documents the three
// constants below, but the value is an open string: a credential of a type
// this package does not know still decodes, and can be updated and sent
// back with that type.
type CredentialType string

// The credential types the API documents: a username and password, a token,
// or an OAuth grant.
const (
	CredentialTypeUser  CredentialType = "user"
	CredentialTypeToken CredentialType = "token"
	CredentialTypeOAuth CredentialType = "oauth"
)

// UserUpdate lists the changes to a user; only the UI state flags can be
// changed, and only the flags that are set (non-nil) are sent:
//
//	activeprospect.UserUpdate{UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)}}
type UserUpdate = gen.UserUpdate

// UserUIStateUpdate holds the UI state flags to set (true) or clear (false).
type UserUIStateUpdate = gen.UserUIStateUpdate

// UserUIState says when the user dismissed each UI prompt; a nil time means
// not dismissed.
type UserUIState = gen.UserUIState

// UserSubscription is one product subscription of a user; the vendor does
// not describe its fields.
type UserSubscription = gen.UserSubscription

// UserSettings are a user's notification settings. In an update only the
// channels and flags that are set are sent.
type UserSettings = gen.UserSettings

// NotificationSettings are the user's notification channels.
type NotificationSettings = gen.NotificationSettings

// NotificationSetting is one notification channel.
type NotificationSetting = gen.NotificationSetting
