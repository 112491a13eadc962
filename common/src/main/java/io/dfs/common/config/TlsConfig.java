package io.dfs.common.config;

/**
 * TLS for one component, in PEM files. Present in a config, it switches every TCP channel the
 * component serves or opens to TLS; absent, everything is plaintext.
 *
 * @param ca the certificate authority that signed every certificate of the cluster; peers are
 *     trusted only if it signed theirs
 * @param cert this component's certificate chain (servers; a client may go without)
 * @param key the PKCS#8 private key of {@code cert}
 */
public record TlsConfig(String ca, String cert, String key) {
  public TlsConfig {
    ca = Checks.required("tls.ca", ca);
    if ((cert == null) != (key == null)) {
      throw new ConfigException("'tls.cert' and 'tls.key' go together: give both or neither");
    }
  }

  /** Whether this component can prove who it is (it has a certificate of its own). */
  public boolean hasIdentity() {
    return cert != null;
  }
}
