// Package ordertest builds the fixtures of the partner tests: real NAIP
// items from the shared corpus with local asset files, and an environment of
// the GeoCatalog emulator, Azurite and a staging container.
package ordertest
