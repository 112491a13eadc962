package io.dfs.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  @Test
  void countsIpv4AddressesOneByOne() {
    assertEquals("10.0.0.7", ClientAddresses.key("10.0.0.7"));
    assertEquals("10.0.0.7", ClientAddresses.key("::ffff:10.0.0.7"));
  }

  @Test
  void countsIpv6ClientsByTheirSlash64() {
    assertEquals("2001:db8:1:2::/64", ClientAddresses.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
    assertEquals(ClientAddresses.key("2001:db8:1:2::1"), ClientAddresses.key("2001:db8:1:2:ffff::9"));
    assertNotEquals(ClientAddresses.key("2001:db8:1:2::1"), ClientAddresses.key("2001:db8:1:3::1"));
    assertEquals("0:0:0:0::/64", ClientAddresses.key("0:0:0:0:0:0:0:1"));
  }

  @Test
  void keepsWhatItCannotParse() {
    assertEquals("-", ClientAddresses.key(null));
    assertEquals("not:an:address:zz", ClientAddresses.key("not:an:address:zz"));
  }
}
