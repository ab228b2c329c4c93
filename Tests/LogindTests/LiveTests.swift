import LogindTestSupport
import Testing

/// Every test against the real elogind of `scripts/logind-up`, one at a time (they open
/// sessions on seat0's VTs and watch the same signals). Skipped when the environment is not up.
@Suite(.serialized, .enabled(if: TestEnvironment.available, TestEnvironment.skipReason))
struct LiveTests {}
