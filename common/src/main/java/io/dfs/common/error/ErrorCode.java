package io.dfs.common.error;

/**
 * The one error vocabulary of DFS. Each code has a stable wire name (the {@code error} field of
 * an HTTP error body and the {@code code} field of an {@code ERROR} frame) and the HTTP status it
 * maps to. New codes are added at the end; wire names never change.
 */
public enum ErrorCode {
  /** The request is malformed: bad JSON, a missing or out-of-range field. */
  BAD_REQUEST("bad_request", 400),
  /** A block id that is not a canonical lower-case UUID. */
  INVALID_BLOCK_ID("invalid_block_id", 400),
  /** A file name that is empty, too long, or contains forbidden characters or segments. */
  INVALID_NAME("invalid_name", 400),
  /** Bytes did not match their declared CRC32C. */
  CHECKSUM_MISMATCH("checksum_mismatch", 422),
  /** Fewer or more bytes arrived than were declared. */
  LENGTH_MISMATCH("length_mismatch", 400),
  /** No token, or a token that is malformed, unsigned, expired or not ours. */
  UNAUTHORIZED("invalid_token", 401),
  /** Wrong user name or password; the same message for both. */
  BAD_CREDENTIALS("bad_credentials", 401),
  /** A valid token that lacks the role or ownership the request needs. */
  FORBIDDEN("forbidden", 403),
  /** No such file, block or node (for this caller). */
  NOT_FOUND("not_found", 404),
  /** The request conflicts with current state (e.g. same block id, different bytes). */
  CONFLICT("conflict", 409),
  /** A body, frame or block larger than its configured bound. */
  TOO_LARGE("too_large", 413),
  /** Not enough live data nodes or replicas to do what was asked. */
  UNAVAILABLE("unavailable", 503),
  /** The server is at its limit for concurrent work; retry later. */
  BUSY("busy", 503),
  /** A node has no room for the block. */
  NO_SPACE("no_space", 507),
  /** Stored bytes failed their checksum. */
  CORRUPT("corrupt", 500),
  /** An unexpected failure inside the server; details are in its log, not in the answer. */
  INTERNAL("internal", 500),
  /** Too many failed logins for this account or from this address; retry after {@code Retry-After} seconds. */
  RATE_LIMITED("rate_limited", 429),
  /** The account is locked after too many failed logins; only an operator can unlock it. */
  ACCOUNT_LOCKED("account_locked", 403);

  private final String wireName;
  private final int httpStatus;

  ErrorCode(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The code with this wire name, or {@link #INTERNAL} for a name this version does not know. */
  public static ErrorCode fromWireName(String name) {
    for (ErrorCode code : values()) {
      if (code.wireName.equals(name)) {
        return code;
      }
    }
    return INTERNAL;
  }
}
