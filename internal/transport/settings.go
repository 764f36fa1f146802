package transport

import (
	"errors"
	"fmt"
	"slices"
)

// Setting names one of the API-specific fields of Config.
type Setting string

// The API-specific settings, named after their Config fields.
const (
	SettingLicenseCode Setting = "LicenseCode" // Usermost
	SettingTenant      Setting = "Tenant"      // Userlot
	SettingRegion      Setting = "Region"      // Userpilot
)

// settingInfo says which option sets a setting and which client wants it,
// so the error for a misplaced option can point at the right client.
var settingInfo = []struct {
	setting Setting
	option  string
	owner   string
	value   func(*Config) string
}{
	{SettingLicenseCode, "option.WithLicenseCode", "Usermost", func(c *Config) string { return c.LicenseCode }},
	{SettingTenant, "option.WithTenant", "Userlot", func(c *Config) string { return c.Tenant }},
	{SettingRegion, "option.WithRegion", "Userpilot", func(c *Config) string { return c.Region }},
}

// UnusedSettings reports every API-specific setting in cfg that the API
// named api does not use: an option meant for another client is an error
// at construction, not silently ignored. used lists the settings api does
// use. The errors, joined, name the option and the client it belongs to.
//
//	if err := transport.UnusedSettings(cfg, "usermost", transport.SettingLicenseCode); err != nil {
//		return nil, err
//	}
func UnusedSettings(cfg *Config, api string, used ...Setting) error {
	var errs []error
	for _, s := range settingInfo {
		if s.value(cfg) == "" || slices.Contains(used, s.setting) {
			continue
		}
		errs = append(errs, fmt.Errorf("%s: %s is for the %s client: remove it from this client's options", api, s.option, s.owner))
	}
	return errors.Join(errs...)
}
