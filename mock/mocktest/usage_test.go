package mocktest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock/mocktest"
)

// renameAll is the kind of code a project would test against the mock: it works on the
// API through a facade client.
func renameAll(ctx context.Context, c *facade.Client, suffix string) error {
	for u, err := range c.Users.All(ctx, nil, 0) {
		if err != nil {
			return err
		}
		if _, err := c.Users.Update(ctx, u.Username, facade.UserUpdate{LastName: facade.Ptr(u.LastName + suffix)}); err != nil {
			return err
		}
	}
	return nil
}

// TestRenameAll is how another project tests its code with the mock (the README quotes it).
func TestRenameAll(t *testing.T) {
	env := mocktest.Start(t) // a fresh mock on 127.0.0.1, closed when the test ends

	err := renameAll(t.Context(), env.Client, " (old)") // env.Client is logged in as staff
	require.NoError(t, err)

	ada, err := env.Client.Users.Get(t.Context(), "ada")
	require.NoError(t, err)
	assert.Equal(t, "Lovelace (old)", ada.LastName)

	// As a demo user, the same code may change only its own account.
	err = renameAll(t.Context(), env.ClientAs("grace"), " (x)")
	require.ErrorIs(t, err, facade.ErrForbidden)
}
