// Package Case shows how upper-case module paths and versions are escaped in the cache
// (example.com/!upper/!case@v0.1.0-!r!c1).
package Case

// Name is the module path.
const Name = "example.com/Upper/Case"
