// Package greet is a vendored dependency of the test command (see README.md).
package greet

// Hello is the greeting.
func Hello() string { return "hello" }
