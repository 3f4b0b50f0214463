// Package jsonscan holds the small JSON byte-scanning primitives shared by
// the hand-written decoders and encoders of this module (the STAC models,
// the emulator's store and partner's canonical writer): skipping white
// space, strings and values, walking the members of an object and the
// elements of an array, decoding string bodies, and writing strings and
// numbers the way encoding/json does.
//
// Two modes: the lenient skippers (StringEnd, ValueEnd, NewMembers,
// NewElements) find where a value ends without checking it against the
// JSON grammar, for input already known to be valid (or whose validity is
// checked elsewhere); the checked ones (CheckedStringEnd, CheckedValueEnd,
// NewCheckedMembers, NewCheckedElements) reject what encoding/json rejects,
// for decoders called without encoding/json's validation pass (the STAC
// models' UnmarshalJSON called directly).
package jsonscan
