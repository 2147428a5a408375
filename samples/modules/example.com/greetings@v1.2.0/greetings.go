// Package greetings builds greetings.
package greetings

import "example.com/greetings/internal/words"

// Greet returns "Hello, name!".
func Greet(name string) string {
	return words.Hello + ", " + name + "!"
}
