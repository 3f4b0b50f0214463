// Package azurite starts the Azurite blob emulator (npm package azurite) for
// tests, installing it first when it is missing.
//
// Tests call Start; it finds the azurite-blob binary ($AZURITE_BLOB,
// <repo>/.azurite/node_modules/.bin, <repo>/node_modules/.bin, then PATH), or
// installs it once with `npm install --prefix <repo>/.azurite azurite@3.37.0`
// under a file lock so that parallel test binaries do not race. Azurite
// listens on a free loopback port with its data in a temporary directory and
// is stopped when the test ends. A test that needs Azurite and cannot get it
// fails with the reason: it is never skipped.
package azurite
