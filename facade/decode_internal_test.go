package facade

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeSeeds are bodies the fast decoders take, and bodies that send them back to
// encoding/json: escapes, unknown and repeated keys, other cases, wrong types, garbage.
// configSeed has settings of every JSON type, which the fast path decodes itself.
const configSeed = `{"id":"x","username":"u","profile":{"config":{"n":-1.5e3,"z":0,"b":[true,false,null,"s",{}],"o":{"k":[[]]},"e":"\u00e9\n"}}}`

var decodeSeeds = []string{
	`{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ada","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","profile":{"bio":null,"url":"https://e.com","location":"London","company":null,"timezone":"Europe/London","avatar":null,"config":{}}}`,
	` [ {"id":"a","username":"b","email":"c","first_name":"","last_name":"","profile":{"bio":"x","url":null,"location":null,"company":null,"timezone":null,"avatar":null,"config":{"theme":"dark","n":[1,{"a":"}"}]}}} , {"id":"d","username":"e"} ] `,
	`{"id":"x","username":"caf\u00e9 \"quoted\"\n","email":"é@example.com"}`,
	`{"id":"x","ID":"y","username":"u"}`,
	`{"id":"x","id":"y"}`,
	`{"id":"x","extra":1}`,
	`{"id":1}`,
	`{"id":"x","profile":null}`,
	`{"id":"x","profile":{"config":null}}`,
	`{"id":"x","profile":{"config":[]}}`,
	`{"id":"x","username":"\xff"}`,
	`{"id":"x"} trailing`,
	`[{"id":"x","user":"u","address":"a@b","public":true,"unsubscribed":null}]`,
	`{"id":"x","user":"u","address":"a@b","public":"yes"}`,
	configSeed,
	`{"id":"x","profile":{"config":{"n":01}}}`, `{"id":"x","profile":{"config":{"n":1e999}}}`, `{"id":"x","profile":{"config":{"n":-}}}`,
	`{"id":"x","profile":{"config":{"n":1.}}}`, `{"id":"x","profile":{"config":{"a":1,"a":2}}}`, `{"id":"x","profile":{"config":{"a":[1,]}}}`,
	`null`, `[]`, `[null]`, `{}`, `{"id":"x",}`, `{"id" "x"}`, `<html>`, ``, `"id"`, `{"id":"tab	in"}`,
}

// sameAsJSON checks that unmarshal gives exactly what encoding/json gives for data: the
// same value when it decodes, an error when it does not.
func sameAsJSON[T any](t *testing.T, data []byte) {
	t.Helper()
	var want, got, owned T
	wantErr := json.Unmarshal(data, &want)
	gotErr := unmarshal(data, &got)
	ownedErr := unmarshalOwned(bytes.Clone(data), &owned)
	if wantErr != nil {
		require.Error(t, gotErr, "%q", data)
		require.Error(t, ownedErr, "%q", data)
		return
	}
	require.NoError(t, gotErr, "%q", data)
	require.NoError(t, ownedErr, "%q", data)
	assert.Equal(t, want, got, "%q", data)
	assert.Equal(t, want, owned, "%q", data)
}

func TestFastDecodeMatchesEncodingJSON(t *testing.T) {
	for _, s := range decodeSeeds {
		sameAsJSON[User](t, []byte(s))
		sameAsJSON[[]User](t, []byte(s))
		sameAsJSON[Email](t, []byte(s))
		sameAsJSON[[]Email](t, []byte(s))
	}
}

// The fast path must really be taken for the API's ordinary answers, or the speed it
// exists for is silently gone.
func TestFastDecodeTakesOrdinaryBodies(t *testing.T) {
	var u User
	assert.True(t, fastDecode([]byte(decodeSeeds[0]), decodeSeeds[0], &u, (*decoder).user))
	assert.Equal(t, "Europe/London", u.Profile.Timezone)
	var us []User
	assert.True(t, fastDecode([]byte(decodeSeeds[1]), decodeSeeds[1], &us, sliceOf((*decoder).user)))
	assert.Len(t, us, 2)
	var e []Email
	assert.True(t, fastDecode([]byte(decodeSeeds[12]), decodeSeeds[12], &e, sliceOf((*decoder).email)))
	var cfg User
	assert.True(t, fastDecode([]byte(configSeed), configSeed, &cfg, (*decoder).user), "settings of every JSON type")
	var esc User
	assert.True(t, fastDecode([]byte(decodeSeeds[2]), decodeSeeds[2], &esc, (*decoder).user))
	assert.Equal(t, "café \"quoted\"\n", esc.Username)
}

func FuzzFastDecode(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsJSON[User](t, data)
		sameAsJSON[[]User](t, data)
		sameAsJSON[Email](t, data)
		sameAsJSON[[]Email](t, data)
	})
}
