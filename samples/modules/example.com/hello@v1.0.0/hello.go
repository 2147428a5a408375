// Package hello says hello, using example.com/greetings.
package hello

import "example.com/greetings"

// Hello returns a greeting for name.
func Hello(name string) string {
	return greetings.Greet(name)
}
