package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The logged-in user's token in {@code $DFS_HOME/token.json} ({@code $DFS_HOME} defaults to
 * {@code ~/.dfs}): {@code {"token","expiresAt","user","authUrl"}}. The file is written atomically
 * (temp file, then rename) with mode 600, and a directory this class creates gets mode 700, since
 * the token lets anyone act as the user until it expires.
 *
 * <p>Plain blocking file I/O: call it off the event loop.
 */
public final class TokenCache {
  /** The one message for a missing, unreadable, expired or refused token. */
  public static final String NOT_LOGGED_IN = "not logged in (or session expired): run 'dfs login'";
  public static final String FILE_NAME = "token.json";

  /** A token this close to expiry is treated as expired: a request sent with it could be refused. */
  static final long EXPIRY_MARGIN_MS = 5_000;

  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private final Path home;
  private final Clock clock;

  public TokenCache(Path home, Clock clock) {
    this.home = home;
    this.clock = clock;
  }

  /** {@code DFS_HOME} from {@code env} when set, else {@code ~/.dfs}. */
  public static Path defaultHome(Map<String, String> env) {
    String dfsHome = env.get("DFS_HOME");
    if (dfsHome != null && !dfsHome.isBlank()) {
      return Path.of(dfsHome);
    }
    return Path.of(System.getProperty("user.home"), ".dfs");
  }

  public Path file() {
    return home.resolve(FILE_NAME);
  }

  /** Stores the token, replacing any other; fails with a {@link LocalFileException} naming the file. */
  public void save(CachedToken token) {
    Path target = file();
    Path temp = null;
    try {
      if (!Files.isDirectory(home)) {
        Files.createDirectories(home);
        restrict(home, DIR_MODE);
      }
      temp = Files.createTempFile(home, ".token-", ".tmp");
      restrict(temp, FILE_MODE);
      Files.writeString(temp, token.toJson().encode(), StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw LocalFileException.cannotWrite(target, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Best effort: the save already failed and says so.
        }
      }
    }
  }

  /** The cached token whatever its age, or empty when there is none or it is unreadable. */
  public Optional<CachedToken> read() {
    Path f = file();
    try {
      if (!Files.isRegularFile(f)) {
        return Optional.empty();
      }
      return Optional.ofNullable(CachedToken.fromJson(new JsonObject(Files.readString(f, StandardCharsets.UTF_8))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The cached token if it is still valid and was issued by {@code authUrl} (when the cache
   * recorded its issuer); otherwise fails with UNAUTHORIZED and {@link #NOT_LOGGED_IN}.
   */
  public CachedToken require(String authUrl) {
    CachedToken t = read().orElseThrow(TokenCache::notLoggedIn);
    if (t.expiresAt() - EXPIRY_MARGIN_MS <= clock.millis()) {
      throw notLoggedIn();
    }
    if (t.authUrl() != null && authUrl != null
        && !MetaClient.stripSlash(t.authUrl()).equals(MetaClient.stripSlash(authUrl))) {
      // A token from another cluster's auth server would only be refused by this cluster's meta.
      throw notLoggedIn();
    }
    return t;
  }

  private static DfsException notLoggedIn() {
    return new DfsException(ErrorCode.UNAUTHORIZED, NOT_LOGGED_IN);
  }

  private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.setPosixFilePermissions(path, mode);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: it has its own access control and no mode bits to set.
    }
  }
}
