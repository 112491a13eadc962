package io.dfs.auth.accounts;

import io.dfs.auth.files.PrivateFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users and service accounts as one JSON file each under {@code <dataDir>/accounts/}:
 * {@code users/<name>.json} holds {@code {name, hash, roles}}, {@code services/<id>.json} holds
 * {@code {id, hash, role}}. Directories are mode 700, files mode 600, and every write replaces a
 * file atomically, so the admin command can change accounts while the server reads them.
 *
 * <p>Nothing is cached: each lookup reads the file, so a change is seen by the next login. Every
 * method blocks on disk; call it on a worker thread. Names are checked with {@link AccountNames}
 * before a path is built from them.
 */
public final class AccountStore {
  /** Account files are a few hundred bytes; anything much larger is not ours. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private final Path users;
  private final Path services;

  private AccountStore(Path accountsDir) {
    this.users = accountsDir.resolve("users");
    this.services = accountsDir.resolve("services");
  }

  /** The store of a data directory, creating its directories (mode 700) if missing. */
  public static AccountStore open(Path dataDir) throws IOException {
    PrivateFiles.ensureDirectory(dataDir);
    AccountStore store = new AccountStore(PrivateFiles.ensureDirectory(dataDir.resolve("accounts")));
    PrivateFiles.ensureDirectory(store.users);
    PrivateFiles.ensureDirectory(store.services);
    return store;
  }

  /** The user named {@code name}; empty if there is none or the name breaks the naming rule. */
  public Optional<UserAccount> findUser(String name) throws IOException {
    if (!AccountNames.isValid(name)) {
      return Optional.empty();
    }
    return read(users.resolve(name + ".json")).map(json -> parseUser(name, json));
  }

  /** The service account {@code id}; empty if there is none or the id breaks the naming rule. */
  public Optional<ServiceAccount> findService(String id) throws IOException {
    if (!AccountNames.isValid(id)) {
      return Optional.empty();
    }
    return read(services.resolve(id + ".json")).map(json -> parseService(id, json));
  }

  /** Creates or replaces a user's file; returns true if it replaced an existing user. */
  public boolean saveUser(UserAccount user) throws IOException {
    Path file = users.resolve(AccountNames.require("user name", user.name()) + ".json");
    boolean existed = Files.exists(file);
    JsonObject json = new JsonObject()
        .put("name", user.name())
        .put("hash", user.hash())
        .put("roles", new JsonArray(new ArrayList<>(user.roles())));
    PrivateFiles.writeAtomically(file, (json.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
    return existed;
  }

  /** Creates or replaces a service account's file; returns true if it replaced an existing one. */
  public boolean saveService(ServiceAccount account) throws IOException {
    Path file = services.resolve(AccountNames.require("service account id", account.id()) + ".json");
    boolean existed = Files.exists(file);
    JsonObject json = new JsonObject()
        .put("id", account.id())
        .put("hash", account.hash())
        .put("role", account.role());
    PrivateFiles.writeAtomically(file, (json.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
    return existed;
  }

  private Optional<JsonObject> read(Path file) throws IOException {
    byte[] content;
    try {
      content = PrivateFiles.readBounded(file, MAX_FILE_BYTES);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JsonObject(new String(content, StandardCharsets.UTF_8)));
    } catch (DecodeException | ClassCastException e) {
      throw corrupt(file, "not a JSON object");
    }
  }

  private UserAccount parseUser(String name, JsonObject json) {
    Path file = users.resolve(name + ".json");
    try {
      if (!name.equals(json.getValue("name"))) {
        throw corrupt(file, "its 'name' is not " + name);
      }
      return new UserAccount(name, json.getString("hash"), strings(json.getJsonArray("roles")));
    } catch (ClassCastException e) {
      throw corrupt(file, "a field has the wrong type");
    } catch (IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  private ServiceAccount parseService(String id, JsonObject json) {
    Path file = services.resolve(id + ".json");
    try {
      if (!id.equals(json.getValue("id"))) {
        throw corrupt(file, "its 'id' is not " + id);
      }
      return new ServiceAccount(id, json.getString("hash"), json.getString("role"));
    } catch (ClassCastException e) {
      throw corrupt(file, "a field has the wrong type");
    } catch (IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  private static List<String> strings(JsonArray array) {
    if (array == null) {
      throw new IllegalArgumentException("'roles' is missing");
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("'roles' must hold strings");
      }
      out.add(s);
    }
    return out;
  }

  private static CorruptAccountException corrupt(Path file, String why) {
    return new CorruptAccountException("account file " + file + " is not valid: " + why);
  }

  /** An account file exists but cannot be used; an operator has to fix or replace it. */
  public static final class CorruptAccountException extends IllegalStateException {
    CorruptAccountException(String message) {
      super(message);
    }
  }
}
