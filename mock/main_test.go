package mock_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test closes its servers and connections: nothing may be left running.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
