// Package shout is a vendored, replaced dependency of the test command (see README.md).
package shout

import "strings"

// Loud upper-cases s.
func Loud(s string) string { return strings.ToUpper(s) }
