package mock

// SetCheckEncoded turns on or off the comparison of a user's remembered JSON with a fresh
// encoding (see checkEncoded), for the benchmarks, which measure the server as it runs
// outside tests. It answers a function that restores the previous setting.
func SetCheckEncoded(on bool) (restore func()) {
	old := checkEncoded
	checkEncoded = on
	return func() { checkEncoded = old }
}
