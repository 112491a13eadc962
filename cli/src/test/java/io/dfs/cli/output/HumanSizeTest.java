package io.dfs.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanSizeTest {
  @Test
  void formatsWithBinaryUnitsAndOneDecimal() {
    assertEquals("0 B", HumanSize.format(0));
    assertEquals("1023 B", HumanSize.format(1023));
    assertEquals("1.0 KiB", HumanSize.format(1024));
    assertEquals("1.5 KiB", HumanSize.format(1536));
    assertEquals("1.5 MiB", HumanSize.format(1536 * 1024));
    assertEquals("10.0 MiB", HumanSize.format(10L * 1024 * 1024));
    assertEquals("64.0 MiB", HumanSize.format(64L * 1024 * 1024));
    assertEquals("2.0 GiB", HumanSize.format(2L << 30));
    assertEquals("1.0 TiB", HumanSize.format(1L << 40));
    assertEquals("8.0 EiB", HumanSize.format(Long.MAX_VALUE));
  }

  @Test
  void roundsUpToTheNextUnitRatherThanPrinting1024() {
    assertEquals("1.0 MiB", HumanSize.format(1024 * 1024 - 1));
    assertEquals("1023.9 KiB", HumanSize.format(1024 * 1023 + 900));
  }

  @Test
  void formatsRates() {
    assertEquals("12.5 MiB/s", HumanSize.rate(12.5 * 1024 * 1024));
    assertEquals("0 B/s", HumanSize.rate(0));
  }
}
