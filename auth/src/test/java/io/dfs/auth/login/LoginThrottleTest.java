package io.dfs.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final LoginLimits DEFAULTS =
      new LoginLimits(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 100, 10_000);
  private static final String A = "10.0.0.1";
  private static final String B = "10.0.0.2";

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void fiveFailuresThenEachAttemptWaitsForABackoffThatDoubles() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 5; i++) {
      assertFalse(admit(throttle.admitUser("alice", A)).failed());
    }

    for (long seconds : new long[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300}) {
      Admission.Limited limited = assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", A));
      assertEquals(Duration.ofSeconds(seconds), limited.retryAfter());
      assertEquals(seconds, limited.retryAfterSeconds());
      clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
      assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", A));
      clock.advance(Duration.ofMillis(1));
      admit(throttle.admitUser("alice", A)).failed();
    }
  }

  @Test
  void aSuccessResetsTheAccountAndTheAddress() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 5; i++) {
      admit(throttle.admitUser("alice", A)).failed();
    }
    clock.advance(Duration.ofSeconds(1));

    admit(throttle.admitUser("alice", A)).succeeded();

    for (int i = 0; i < 4; i++) {
      admit(throttle.admitUser("alice", A)).failed();
    }
    admit(throttle.admitUser("alice", A));
  }

  @Test
  void aThrottledAddressLeavesTheAccountOpenToOtherAddresses() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 5; i++) {
      admit(throttle.admitUser("guess-" + i, A)).failed();
    }

    assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", A));
    admit(throttle.admitUser("alice", B)).succeeded();
  }

  @Test
  void anAccountBackoffAppliesToEveryAddress() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 5; i++) {
      admit(throttle.admitUser("alice", "10.1.0." + i)).failed();
    }

    assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", "10.2.0.1"));
    clock.advance(Duration.ofSeconds(1));
    admit(throttle.admitUser("alice", "10.2.0.1")).succeeded();
  }

  @Test
  void parallelGuessesCannotOverrunTheLimits() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    List<LoginAttempt> clean = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clean.add(admit(throttle.admitUser("alice", A)));
    }
    clean.forEach(LoginAttempt::succeeded);

    admit(throttle.admitUser("alice", A)).failed();
    List<LoginAttempt> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(admit(throttle.admitUser("alice", B)));
    }
    Admission.Limited full = assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", B));
    assertEquals(LoginThrottle.IN_FLIGHT_WAIT, full.retryAfter());
    inFlight.forEach(LoginAttempt::failed);

    clock.advance(Duration.ofSeconds(1));
    LoginAttempt one = admit(throttle.admitUser("alice", "10.9.0.1"));
    assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", "10.9.0.2"), "one at a time in backoff");
    one.released();
    admit(throttle.admitUser("alice", "10.9.0.2"));
  }

  @Test
  void settlingTwiceCountsOnce() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    LoginAttempt attempt = admit(throttle.admitUser("alice", A));
    attempt.failed();
    attempt.failed();
    attempt.released();
    attempt.succeeded();

    assertEquals(1, attempt.accountFailures());
    for (int i = 0; i < 4; i++) {
      admit(throttle.admitUser("alice", B));
    }
    assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", B));
  }

  @Test
  void aUserIsLockedAtTheCapAndStillAdmittedToBeToldSo() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 1; i <= 100; i++) {
      LoginAttempt attempt = admitAfterWaiting(throttle, "alice", "10.0." + (i / 200) + "." + (i % 200));
      assertFalse(attempt.lockedAtAdmission());
      assertEquals(i == 100, attempt.failed(), "failure " + i);
    }

    LoginAttempt locked = admit(throttle.admitUser("alice", "10.5.0.1"));
    assertTrue(locked.lockedAtAdmission());
    assertEquals(100, locked.accountFailures());
    locked.released();
    assertTrue(admit(throttle.admitUser("alice", "10.5.0.1")).lockedAtAdmission());
  }

  @Test
  void anOperatorUnlockStartsTheAccountAfresh() {
    LoginThrottle throttle = new LoginThrottle(
        new LoginLimits(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 5, 100), clock);
    for (int i = 0; i < 5; i++) {
      admit(throttle.admitUser("alice", "10.0.0." + i)).failed();
    }
    LoginAttempt locked = admit(throttle.admitUser("alice", B));
    assertTrue(locked.lockedAtAdmission());

    locked.unlock();
    locked.failed();

    assertEquals(1, locked.accountFailures());
    assertFalse(admit(throttle.admitUser("alice", "10.3.0.1")).lockedAtAdmission());
  }

  @Test
  void serviceAccountsBackOffButAreNeverLocked() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 1; i <= 150; i++) {
      LoginAttempt attempt = admitServiceAfterWaiting(throttle, "datanode-1", "10.0." + (i / 200) + "." + (i % 200));
      assertFalse(attempt.lockedAtAdmission());
      assertFalse(attempt.failed());
    }
    assertInstanceOf(Admission.Limited.class, throttle.admitService("datanode-1", "10.7.0.1"));
  }

  @Test
  void namesBreakingTheRuleShareOneCount() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    admit(throttle.admitUser("../etc/passwd", A)).failed();
    admit(throttle.admitUser("Robert'); DROP TABLE", A)).failed();
    admit(throttle.admitUser("x".repeat(1000), A)).failed();

    assertEquals(1, throttle.trackedAccounts());
  }

  @Test
  void aFloodOfMadeUpNamesAndAddressesStaysWithinTheBound() {
    LoginLimits limits = new LoginLimits(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 100, 500);
    LoginThrottle throttle = new LoginThrottle(limits, clock);
    for (int i = 0; i < 50_000; i++) {
      String address = "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
      Admission admission = throttle.admitUser("random-" + i, address);
      admit(admission).failed();
      assertTrue(throttle.trackedAccounts() <= 500 && throttle.trackedAddresses() <= 500);
    }
    assertEquals(500, throttle.trackedAccounts());
    assertEquals(500, throttle.trackedAddresses());
  }

  @Test
  void successfulLoginsLeaveNothingBehind() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 1000; i++) {
      admit(throttle.admitUser("user-" + i, "10.0." + (i >> 8) + "." + (i & 0xff))).succeeded();
    }
    assertEquals(0, throttle.trackedAccounts());
    assertEquals(0, throttle.trackedAddresses());
  }

  @Test
  void aClockSetBackDoesNotStretchTheWait() {
    LoginThrottle throttle = new LoginThrottle(DEFAULTS, clock);
    for (int i = 0; i < 5; i++) {
      admit(throttle.admitUser("alice", A)).failed();
    }
    clock.advance(Duration.ofHours(-3));

    Admission.Limited limited = assertInstanceOf(Admission.Limited.class, throttle.admitUser("alice", A));
    assertEquals(Duration.ofMinutes(5), limited.retryAfter());
    clock.advance(Duration.ofMinutes(5));
    admit(throttle.admitUser("alice", A));
  }

  private static LoginAttempt admit(Admission admission) {
    return assertInstanceOf(LoginAttempt.class, admission);
  }

  private LoginAttempt admitAfterWaiting(LoginThrottle throttle, String name, String address) {
    Admission admission = throttle.admitUser(name, address);
    if (admission instanceof Admission.Limited limited) {
      clock.advance(limited.retryAfter());
      admission = throttle.admitUser(name, address);
    }
    return admit(admission);
  }

  private LoginAttempt admitServiceAfterWaiting(LoginThrottle throttle, String id, String address) {
    Admission admission = throttle.admitService(id, address);
    if (admission instanceof Admission.Limited limited) {
      clock.advance(limited.retryAfter());
      admission = throttle.admitService(id, address);
    }
    return admit(admission);
  }
}
