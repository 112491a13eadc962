package io.dfs.common.error;

import io.vertx.core.json.JsonObject;

/**
 * A failure with a typed {@link ErrorCode}. Expected failures (bad input, bad token) are thrown as
 * this and logged without a stack trace; the message is safe to show to the caller.
 */
public class DfsException extends RuntimeException {
  private final ErrorCode code;
  /** Set where the refusal wrote its audit line, so the failure log does not write a second. */
  private volatile boolean audited;

  public DfsException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public DfsException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** Marks this refusal as written to the audit trail already; returns it. */
  public DfsException audited() {
    audited = true;
    return this;
  }

  public boolean isAudited() {
    return audited;
  }

  /** The body of an HTTP error and the payload of an {@code ERROR} frame. */
  public JsonObject toJson() {
    return new JsonObject().put("error", code.wireName()).put("message", getMessage());
  }

  /** The typed form of any failure: a {@code DfsException} as it is, anything else as INTERNAL. */
  public static DfsException of(Throwable failure) {
    if (failure instanceof DfsException dfs) {
      return dfs;
    }
    return new DfsException(ErrorCode.INTERNAL, "internal error", failure);
  }

  public static DfsException badRequest(String message) {
    return new DfsException(ErrorCode.BAD_REQUEST, message);
  }

  public static DfsException notFound(String message) {
    return new DfsException(ErrorCode.NOT_FOUND, message);
  }

  public static DfsException unauthorized(String message) {
    return new DfsException(ErrorCode.UNAUTHORIZED, message);
  }

  public static DfsException forbidden(String message) {
    return new DfsException(ErrorCode.FORBIDDEN, message);
  }
}
