package facade

// Version is the version of this library, sent in the default User-Agent.
const Version = "0.1.0"

const defaultUserAgent = "illumidesk-go/" + Version + " (+https://github.com/illumidesk/illumidesk-go)"
