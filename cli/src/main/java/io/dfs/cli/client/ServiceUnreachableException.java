package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import javax.net.ssl.SSLException;

/**
 * A DFS server could not be reached at all (connection refused, timeout, unknown host), as opposed
 * to a server that answered with an error. Lets a front end suggest starting the cluster.
 */
public final class ServiceUnreachableException extends DfsException {
  // JsonHttpClient reports connection failures as UNAVAILABLE with this prefix; a 503 answered by
  // the server itself carries the server's own message instead.
  private static final String CONNECT_FAILURE_PREFIX = "cannot reach ";

  private final String service;
  private final String url;

  public ServiceUnreachableException(String service, String url) {
    super(ErrorCode.UNAVAILABLE, "cannot reach " + service + " at " + url);
    this.service = service;
    this.url = url;
  }

  /** {@code meta} or {@code auth}. */
  public String service() {
    return service;
  }

  public String url() {
    return url;
  }

  /** The failure of a {@code JsonHttpClient} call to {@code service}, with connection failures made specific. */
  static Throwable translate(Throwable failure, String service, String url) {
    if (failure instanceof DfsException e && e.code() == ErrorCode.UNAVAILABLE
        && e.getMessage() != null && e.getMessage().startsWith(CONNECT_FAILURE_PREFIX)) {
      SSLException tls = tlsFailure(e);
      return tls == null ? new ServiceUnreachableException(service, url)
          : new DfsException(ErrorCode.UNAVAILABLE, "TLS handshake with " + service + " at " + url + " failed: "
              + tls.getMessage() + " \u2014 the server's certificate must be signed by the CA in the client config's"
              + " 'tls.ca', be in date and name the host dialled");
    }
    return failure;
  }

  /** The TLS failure behind a failed connection, if that is what it was. */
  private static SSLException tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }
}
