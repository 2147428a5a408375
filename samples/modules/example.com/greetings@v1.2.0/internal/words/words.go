// Package words holds the words greetings use.
package words

// Hello is the greeting word.
const Hello = "Hello"
