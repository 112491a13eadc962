package io.dfs.cli.client;

import io.dfs.common.error.DfsException;
import io.dfs.common.error.ErrorCode;
import io.dfs.common.http.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Meta's client API ({@code docs/PROTOCOL.md}, "meta client API") with a user's bearer token.
 *
 * <p>Every future fails with a {@link DfsException}: {@link ServiceUnreachableException} when meta
 * cannot be reached, UNAUTHORIZED with {@link TokenCache#NOT_LOGGED_IN} when meta refuses the token,
 * NOT_FOUND naming the file for an unknown name or id, and meta's own code and message otherwise.
 */
public final class MetaClient {
  private final Vertx vertx;
  private final JsonHttpClient http;
  private final String baseUrl;
  private final String token;

  /**
   * @param http shared client; not closed by this class
   * @param metaUrl base URL of meta's client API, e.g. {@code http://127.0.0.1:7100}
   * @param token the user's JWT
   */
  public MetaClient(Vertx vertx, JsonHttpClient http, String metaUrl, String token) {
    this.vertx = vertx;
    this.http = http;
    this.baseUrl = stripSlash(metaUrl);
    this.token = token;
  }

  /** Creates a pending file of {@code size} bytes; {@code replication} may be null for meta's default. */
  public Future<UploadPlan> create(String name, long size, Integer replication) {
    JsonObject body = new JsonObject().put("name", name).put("size", size);
    if (replication != null) {
      body.put("replication", replication);
    }
    return call(() -> http.post(baseUrl + "/v1/files", token, body), null).map(UploadPlan::fromJson);
  }

  /** Makes a pending file visible once its blocks are stored; completes with the committed file. */
  public Future<FileInfo> commit(String fileId, List<StoredBlock> blocks) {
    JsonArray list = new JsonArray();
    blocks.forEach(b -> list.add(b.toJson()));
    String url = baseUrl + "/v1/files/" + segment(fileId) + "/commit";
    return call(() -> http.post(url, token, new JsonObject().put("blocks", list)), null)
        .recover(e -> Future.failedFuture(e instanceof DfsException d && d.code() == ErrorCode.NOT_FOUND
            ? new DfsException(ErrorCode.NOT_FOUND, "upload " + fileId + " is unknown to meta or expired before commit")
            : e))
        .map(FileInfo::fromJson);
  }

  /** The file with this name or id, with its blocks and live replicas. */
  public Future<FileInfo> lookup(String ref) {
    return call(() -> http.get(baseUrl + "/v1/files/" + segment(ref), token), ref).map(FileInfo::fromJson);
  }

  /** The caller's committed files, by name. */
  public Future<List<FileSummary>> list() {
    return call(() -> http.get(baseUrl + "/v1/files", token), null)
        .map(json -> JsonFields.list(json, "files", "a file list", FileSummary::fromJson));
  }

  /** Deletes the file with this name or id; completes with the id and name it had. */
  public Future<DeletedFile> delete(String ref) {
    return call(() -> http.delete(baseUrl + "/v1/files/" + segment(ref), token), ref).map(DeletedFile::fromJson);
  }

  /**
   * Tells meta that {@code node}'s replica of a block could not be used ({@code reason}: the error
   * code), so meta replaces it with a good copy.
   */
  public Future<Void> reportBadReplica(String blockId, String node, String reason) {
    String url = baseUrl + "/v1/blocks/" + segment(blockId) + "/bad";
    return call(() -> http.post(url, token, new JsonObject().put("node", node).put("reason", reason)), null)
        .mapEmpty();
  }

  /** Meta's view of the data nodes and replica health. */
  public Future<ClusterState> cluster() {
    return call(() -> http.get(baseUrl + "/api/v1/cluster", token), null).map(ClusterState::fromJson);
  }

  /**
   * A name or id as ONE path segment: every reserved character is percent-encoded, including
   * {@code /} (names may contain it), space as {@code %20}, and dots when the whole segment is
   * {@code .} or {@code ..} (which an HTTP stack would otherwise resolve as a relative path).
   */
  public static String segment(String ref) {
    String encoded = URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20");
    return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
  }

  private Future<JsonObject> call(Supplier<Future<JsonObject>> request, String ref) {
    // On a context: driven from a plain thread, the HTTP client can lose an answer's body.
    return OnContext.run(vertx, request).recover(e -> Future.failedFuture(translate(e, ref)));
  }

  private Throwable translate(Throwable failure, String ref) {
    Throwable t = ServiceUnreachableException.translate(failure, "meta", baseUrl);
    if (t instanceof DfsException e && !(t instanceof ServiceUnreachableException)) {
      if (e.code() == ErrorCode.UNAUTHORIZED) {
        return new DfsException(ErrorCode.UNAUTHORIZED, TokenCache.NOT_LOGGED_IN);
      }
      if (e.code() == ErrorCode.NOT_FOUND && ref != null) {
        return new DfsException(ErrorCode.NOT_FOUND, "no such file: " + ref);
      }
    }
    return t;
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
