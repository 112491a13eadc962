package io.dfs.bench.load;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OracleTest {
  private final Oracle oracle = new Oracle();

  @Test
  void aNameNobodyWroteHasNoFile() {
    long t = oracle.now();
    assertTrue(oracle.mayRead("x", t, t, Oracle.DELETED));
    assertFalse(oracle.mayRead("x", t, t, "a"));
    assertEquals(Set.of(Oracle.DELETED), oracle.choicesNow("x"));
  }

  @Test
  void aReadAfterTheAcknowledgementSeesOnlyTheNewVersion() {
    oracle.putting("x", "a").acknowledged();
    long began = oracle.now();
    assertTrue(oracle.mayRead("x", began, oracle.now(), "a"));
    assertFalse(oracle.mayRead("x", began, oracle.now(), Oracle.DELETED), "the first put is done");

    Oracle.Write second = oracle.putting("x", "b");
    long during = oracle.now();
    assertTrue(oracle.mayRead("x", during, oracle.now(), "a"), "the replace may not have taken effect yet");
    assertTrue(oracle.mayRead("x", during, oracle.now(), "b"), "or it may have");
    second.acknowledged();
    long after = oracle.now();
    assertFalse(oracle.mayRead("x", after, oracle.now(), "a"), "the old version is gone once b is acknowledged");
    assertTrue(oracle.mayRead("x", during, oracle.now(), "a"), "a read that began before still may see it");
    assertFalse(oracle.mayRead("x", after, oracle.now(), "c"), "content nobody wrote is never right");
    assertEquals(Set.of("b"), oracle.choicesNow("x"));
  }

  @Test
  void aReadThatEndedBeforeAWriteWasSentCannotSeeIt() {
    oracle.putting("x", "a").acknowledged();
    long began = oracle.now();
    long ended = oracle.now();
    oracle.putting("x", "b");
    assertFalse(oracle.mayRead("x", began, ended, "b"));
  }

  @Test
  void aWriteInFlightMayHaveTakenEffectUntilTheNextAcknowledgedOne() {
    oracle.putting("x", "a").acknowledged();
    oracle.deleting("x");
    assertEquals(Set.of("a", Oracle.DELETED), oracle.choicesNow("x"));
    oracle.putting("x", "c").acknowledged();
    assertEquals(Set.of("c"), oracle.choicesNow("x"));
  }

  @Test
  void aFailedWriteStaysPossibleForGood() {
    oracle.putting("x", "a").acknowledged();
    oracle.putting("x", "b").failed();
    oracle.putting("x", "c").acknowledged();
    assertEquals(Set.of("b", "c"), oracle.choicesNow("x"), "b's commit may land after c's");
  }

  @Test
  void aDeleteLeavesNoFile() {
    oracle.putting("x", "a").acknowledged();
    oracle.deleting("x").acknowledged();
    assertEquals(Set.of(Oracle.DELETED), oracle.choicesNow("x"));
  }
}
