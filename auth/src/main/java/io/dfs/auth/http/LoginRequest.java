package io.dfs.auth.http;

import io.dfs.auth.accounts.Enrollment;
import io.dfs.common.error.DfsException;
import io.vertx.core.json.JsonObject;

/**
 * The body of {@code POST /v1/token}: {@code {"username","password"}} for a person or
 * {@code {"nodeId","secret"}} for a service account. Only the shape is checked here; whether the
 * name exists is the authenticator's business, so a syntactically odd name is refused like an
 * unknown one.
 *
 * @param kind who is logging in
 * @param name the user name or service account id
 * @param secret the password or service secret; never logged
 */
public record LoginRequest(Kind kind, String name, String secret) {
  /** Who is logging in, with the message a failed login of that kind answers. */
  public enum Kind {
    USER("user", "invalid username or password"),
    SERVICE("service", "invalid service credentials");

    private final String logName;
    private final String deniedMessage;

    Kind(String logName, String deniedMessage) {
      this.logName = logName;
      this.deniedMessage = deniedMessage;
    }

    /** The {@code kind=} of the login log line. */
    public String logName() {
      return logName;
    }

    /** The {@code message} of the 401 answer; the same whether the name or the secret was wrong. */
    public String deniedMessage() {
      return deniedMessage;
    }
  }

  @Override
  public String toString() {
    return "LoginRequest[kind=" + kind + ", name=" + name + "]";
  }

  /** Reads a login from a JSON body, or fails with BAD_REQUEST saying what is wrong. */
  public static LoginRequest parse(JsonObject body) {
    boolean user = body.containsKey("username") || body.containsKey("password");
    boolean service = body.containsKey("nodeId") || body.containsKey("secret");
    if (user && service) {
      throw DfsException.badRequest("give either username and password, or nodeId and secret, not both");
    }
    if (service) {
      return new LoginRequest(Kind.SERVICE, field(body, "nodeId"), field(body, "secret"));
    }
    if (user) {
      return new LoginRequest(Kind.USER, field(body, "username"), field(body, "password"));
    }
    throw DfsException.badRequest("username and password (or nodeId and secret) are required");
  }

  private static String field(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      throw DfsException.badRequest("'" + key + "' is required");
    }
    if (!(value instanceof String s)) {
      throw DfsException.badRequest("'" + key + "' must be a string");
    }
    if (s.isEmpty()) {
      throw DfsException.badRequest("'" + key + "' must not be empty");
    }
    if (s.length() > Enrollment.MAX_SECRET_CHARS) {
      throw DfsException.badRequest("'" + key + "' is longer than " + Enrollment.MAX_SECRET_CHARS + " characters");
    }
    return s;
  }
}
