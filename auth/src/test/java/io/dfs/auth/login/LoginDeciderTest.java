package io.dfs.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfs.auth.accounts.AccountLocks;
import io.dfs.auth.accounts.AccountStore;
import io.dfs.auth.accounts.Authenticator;
import io.dfs.auth.accounts.Enrollment;
import io.dfs.auth.accounts.Grant;
import io.dfs.auth.accounts.PasswordHasher;
import io.dfs.auth.login.LoginOutcome.Verdict;
import io.dfs.auth.testsupport.TestClock;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks on a real data directory; the lock limit equals the backoff limit, so five failures lock. */
class LoginDeciderTest {
  private static final LoginLimits LIMITS = new LoginLimits(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 5, 100);

  @TempDir
  Path dataDir;
  private final TestClock clock = new TestClock();
  private Enrollment enrollment;
  private AccountLocks locks;
  private LoginDecider decider;
  private LoginThrottle throttle;
  private int address;

  @BeforeEach
  void setUp() throws IOException {
    AccountStore store = AccountStore.open(dataDir);
    PasswordHasher hasher = new PasswordHasher();
    enrollment = new Enrollment(store, hasher);
    enrollment.user("alice", "wonderland", false);
    locks = AccountLocks.inDataDir(dataDir);
    decider = new LoginDecider(new Authenticator(store, hasher), store, locks, clock);
    throttle = new LoginThrottle(LIMITS, clock);
  }

  private LoginOutcome login(String name, String password) throws IOException {
    // A fresh address each time, so only the account's count matters.
    Admission admission = throttle.admitUser(name, "10.0.0." + (++address));
    if (admission instanceof Admission.Limited limited) {
      clock.advance(limited.retryAfter());
      admission = throttle.admitUser(name, "10.0.0." + (++address));
    }
    return decider.user(name, password, assertInstanceOf(LoginAttempt.class, admission));
  }

  @Test
  void theFailureAtTheLimitLocksTheUserOnDiskAndTheRightPasswordNoLongerWorks() throws IOException {
    for (int i = 1; i < 5; i++) {
      assertEquals(Verdict.DENIED, login("alice", "guess-" + i).verdict());
    }
    assertEquals(Verdict.LOCKED, login("alice", "guess-5").verdict());

    assertTrue(locks.isLocked("alice"));
    JsonObject lock = new JsonObject(Files.readString(dataDir.resolve("accounts/locks/alice.json")));
    assertEquals("alice", lock.getString("name"));
    assertEquals(5, lock.getInteger("failures"));
    assertEquals(clock.instant().toString(), lock.getString("lockedAt"));
    clock.advance(Duration.ofHours(1));
    assertEquals(Verdict.LOCKED, login("alice", "wonderland").verdict());
  }

  @Test
  void anUnknownNameIsLockedAlikeButOnlyInMemory() throws IOException {
    for (int i = 1; i < 5; i++) {
      assertEquals(Verdict.DENIED, login("mallory", "guess-" + i).verdict());
    }
    assertEquals(Verdict.LOCKED, login("mallory", "guess-5").verdict());
    assertEquals(Verdict.LOCKED, login("mallory", "guess-6").verdict());

    assertFalse(Files.exists(dataDir.resolve("accounts/locks/mallory.json")));
  }

  @Test
  void anOperatorUnlockIsSeenAtTheNextLogin() throws IOException {
    for (int i = 1; i <= 5; i++) {
      login("alice", "guess-" + i);
    }
    assertTrue(locks.unlock("alice"));

    assertEquals(new LoginOutcome(Verdict.GRANTED, new Grant("alice", List.of("user"))),
        login("alice", "wonderland"));
    for (int i = 1; i < 5; i++) {
      assertEquals(Verdict.DENIED, login("alice", "again-" + i).verdict(), "the count started afresh");
    }
  }

  @Test
  void aLockOnDiskHoldsForAServerThatNeverSawTheFailures() throws IOException {
    locks.lock("alice", 100, clock.instant());

    assertEquals(Verdict.LOCKED, login("alice", "wonderland").verdict());
    assertTrue(locks.isLocked("alice"));
  }

  @Test
  void aUserCreatedUnderANameLockedInMemoryGetsALockFileAnOperatorCanLift() throws IOException {
    for (int i = 1; i <= 5; i++) {
      login("carol", "guess-" + i);
    }
    enrollment.user("carol", "chosen", false);

    assertEquals(Verdict.LOCKED, login("carol", "chosen").verdict());
    assertTrue(locks.isLocked("carol"));
    locks.unlock("carol");
    assertEquals(Verdict.GRANTED, login("carol", "chosen").verdict());
  }
}
