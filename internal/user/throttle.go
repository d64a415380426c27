package user

import "time"

// Throttle is the login throttling rule: after Max failures within Window
// for the same key (an account or an IP address), logins for that key are
// refused until Lock has passed since the last failure.
type Throttle struct {
	Max    int
	Window time.Duration
	Lock   time.Duration
}

// DefaultThrottle locks an account or an address for 15 minutes after 10
// failed logins within 15 minutes.
var DefaultThrottle = Throttle{Max: 10, Window: 15 * time.Minute, Lock: 15 * time.Minute}

// Since is the start of the window to count failures in at time now.
func (t Throttle) Since(now time.Time) time.Time { return now.Add(-t.Window) }

// LockedUntil returns when a key with `failures` failures in the window, the
// last at `last`, may try again; the zero time when it is not locked at now.
func (t Throttle) LockedUntil(failures int, last, now time.Time) time.Time {
	if failures < t.Max {
		return time.Time{}
	}
	until := last.Add(t.Lock)
	if !until.After(now) {
		return time.Time{}
	}
	return until
}

// ThrottleKeys returns the keys a login attempt counts against: the account
// (by normalized e-mail, so unknown accounts are throttled too) and the
// client address.
func ThrottleKeys(email, ip string) []string {
	return []string{"email:" + NormalizeEmail(email), "ip:" + ip}
}
