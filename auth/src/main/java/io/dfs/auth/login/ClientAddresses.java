package io.dfs.auth.login;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key failed logins of a client address are counted under. An IPv6 client is counted by its
 * /64 network: one host usually holds a whole /64, so counting single addresses would give it
 * 2^64 fresh starts.
 */
final class ClientAddresses {
  private ClientAddresses() {}

  static String key(String hostAddress) {
    if (hostAddress == null || hostAddress.isEmpty()) {
      return "-";
    }
    if (hostAddress.indexOf(':') < 0) {
      return hostAddress;
    }
    try {
      // A literal with ':' is parsed as IPv6 and never looked up in DNS.
      byte[] bytes = InetAddress.getByName(hostAddress).getAddress();
      if (bytes.length != 16) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return hostAddress;
    }
  }
}
