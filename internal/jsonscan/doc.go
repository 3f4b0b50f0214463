// Package jsonscan holds the small JSON byte-scanning primitives shared by
// the hand-written decoders and encoders of this module (the STAC models,
// the emulator's store and partner's canonical writer): skipping white
// space, strings and values, decoding string bodies, and writing strings
// and numbers the way encoding/json does.
//
// The skippers are lenient: they find where a value ends without checking
// it against the JSON grammar, so they are meant for input already known to
// be valid (or whose validity is checked elsewhere).
package jsonscan
