package io.dfs.common.ids;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Block ids are canonical lower-case UUIDs. A block id is also a file name on a data node, so
 * nothing else is ever accepted: {@link UUID#fromString} alone would take {@code 1-1-1-1-1}.
 */
public final class BlockIds {
  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private BlockIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static boolean isCanonical(String id) {
    return id != null && id.length() == 36 && CANONICAL.matcher(id).matches();
  }

  /** Returns {@code id} if it is canonical, else fails with {@link ErrorCode#INVALID_BLOCK_ID}. */
  public static String require(Object id) {
    if (id instanceof String s && isCanonical(s)) {
      return s;
    }
    throw new DfsException(ErrorCode.INVALID_BLOCK_ID, "block id must be a canonical lower-case UUID");
  }
}
