package io.dfs.auth.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "bob", "datanode-1", "0", "x.y_z-9", "meta"})
  void acceptsNamesFollowingTheRule(String name) {
    assertTrue(AccountNames.isValid(name));
    assertEquals(name, AccountNames.require("user name", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bob", "../etc", "a/b", ".hidden", "-x", "_x", "a b", "a\nb", "é", "a\\b", "a:b"})
  void refusesOtherNames(String name) {
    assertFalse(AccountNames.isValid(name));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AccountNames.require("user name", name));
    assertTrue(e.getMessage().startsWith("invalid user name"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "the message stays on one line");
    assertEquals(AccountNames.INVALID_FOR_LOG, AccountNames.forLog(name));
  }

  @Test
  void limitsTheLengthTo64() {
    assertTrue(AccountNames.isValid("a".repeat(64)));
    assertFalse(AccountNames.isValid("a".repeat(65)));
    assertFalse(AccountNames.isValid(null));
  }
}
