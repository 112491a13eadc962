package io.dfs.auth.keys;

import io.dfs.auth.files.PrivateFiles;
import io.dfs.common.security.SigningKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys under {@code <dataDir>/keys/} (mode 700): {@code <kid>.key.pem} (PKCS#8, mode 600),
 * {@code <kid>.pub.pem} (SPKI) and {@code active}, which names the kid that signs. The first start
 * generates an ES256 key; later starts load the same one, so tokens issued before a restart stay
 * valid. Every {@code *.pub.pem} present is published in the JWKS, which lets an operator keep an
 * old key verifiable after switching {@code active} to a new one.
 *
 * <p>A {@link #rotate rotation} retires the active key: {@code <kid>.retired} records
 * {@code {kid, retiredAt, publishUntil}}, its private key is deleted, and its public key stays
 * published until {@code publishUntil}. Once that has passed (checked at start and at every
 * rotation) its public key and record are moved to {@code keys/expired/}, out of the JWKS.
 *
 * <p>Blocks on disk; call it off the event loop.
 */
public final class SigningKeyStore {
  static final String ACTIVE = "active";
  static final String PRIVATE_SUFFIX = ".key.pem";
  static final String PUBLIC_SUFFIX = ".pub.pem";
  static final String RETIRED_SUFFIX = ".retired";
  static final String EXPIRED_DIR = "expired";
  /** Kids are UUIDs when we make them; anything outside this never becomes part of a path. */
  static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyStore.class);
  private static final int MAX_FILE_BYTES = 16 * 1024;
  private static final BigInteger P256_ORDER = p256Order();

  private final Path dir;

  private SigningKeyStore(Path dir) {
    this.dir = dir;
  }

  /** The key store of a data directory ({@code <dataDir>/keys}). */
  public static SigningKeyStore inDataDir(Path dataDir) {
    return new SigningKeyStore(dataDir.resolve("keys"));
  }

  /**
   * Loads the active key and every public key still published at {@code now}, generating and
   * persisting a key if there is no active one yet. Retired keys whose time has passed are moved
   * aside first.
   *
   * @throws IllegalStateException if a key file is damaged (the server must not start then)
   */
  public KeySet loadOrCreate(Instant now) throws IOException {
    PrivateFiles.ensureDirectory(dir);
    boolean generated = false;
    SigningKey active;
    String kid = readActiveKid();
    if (kid == null) {
      active = SigningKey.generate();
      persist(active);
      writeActive(active.kid());
      generated = true;
    } else {
      active = SigningKey.fromPem(kid, readText(kid + PRIVATE_SUFFIX), readText(kid + PUBLIC_SUFFIX));
    }
    moveAsideExpired(active.kid(), now);
    return new KeySet(active, published(active.kid()), generated);
  }

  /**
   * Makes {@code next} the signing key in place of {@code retiring}, which stays published until
   * {@code publishUntil}. Writes the new key's files, then the retirement record, then
   * {@code active}: a crash before {@code active} is replaced leaves the old key signing (its
   * record is ignored while it is active) and the new one merely published. Only then is the
   * retired private key deleted.
   *
   * @throws IOException if the rotation could not be made durable; {@code active} then names either
   *     key, each with its files in place
   */
  public void rotate(SigningKey retiring, SigningKey next, Instant now, Instant publishUntil) throws IOException {
    PrivateFiles.ensureDirectory(dir);
    persist(next);
    JsonObject record = new JsonObject().put("kid", retiring.kid()).put("retiredAt", now.toString())
        .put("publishUntil", publishUntil.toString());
    PrivateFiles.writeAtomically(dir.resolve(retiring.kid() + RETIRED_SUFFIX),
        (record.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
    writeActive(next.kid());
    // The rotation is done; what follows is tidying that a later start or rotation repeats.
    try {
      Files.deleteIfExists(dir.resolve(retiring.kid() + PRIVATE_SUFFIX));
      moveAsideExpired(next.kid(), now);
    } catch (IOException | IllegalStateException e) {
      LOG.warn("event=key_tidy_failed reason=\"{}\"", e.getMessage());
    }
  }

  private String readActiveKid() throws IOException {
    String kid;
    try {
      kid = new String(PrivateFiles.readBounded(dir.resolve(ACTIVE), 256), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!KID.matcher(kid).matches()) {
      throw new IllegalStateException(dir.resolve(ACTIVE) + " does not hold a valid key id");
    }
    return kid;
  }

  /** Writes a key's files; callers write {@code active} after, so it never names a missing key. */
  private void persist(SigningKey key) throws IOException {
    PrivateFiles.writeAtomically(dir.resolve(key.kid() + PRIVATE_SUFFIX),
        key.privatePem().getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeAtomically(dir.resolve(key.kid() + PUBLIC_SUFFIX),
        key.publicPem().getBytes(StandardCharsets.US_ASCII));
  }

  private void writeActive(String kid) throws IOException {
    PrivateFiles.writeAtomically(dir.resolve(ACTIVE), (kid + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private List<PublishedKey> published(String activeKid) throws IOException {
    List<PublishedKey> keys = new ArrayList<>();
    for (String kid : kidsWithSuffix(PUBLIC_SUFFIX)) {
      JsonObject jwk = new SigningKey(kid, new KeyPair(publicKey(dir.resolve(kid + PUBLIC_SUFFIX)), null)).publicJwk();
      Instant until = kid.equals(activeKid) ? null : retiredUntil(kid);
      keys.add(new PublishedKey(jwk, until));
    }
    return keys;
  }

  /** Moves each retired key whose time has passed to {@code expired/}: public key first, then its record. */
  private void moveAsideExpired(String activeKid, Instant now) throws IOException {
    for (String kid : kidsWithSuffix(RETIRED_SUFFIX)) {
      // A record on the active key is what a rotation interrupted before switching leaves; the next one rewrites it.
      if (kid.equals(activeKid) || now.isBefore(retiredUntil(kid))) {
        continue;
      }
      Path expired = PrivateFiles.ensureDirectory(dir.resolve(EXPIRED_DIR));
      Files.deleteIfExists(dir.resolve(kid + PRIVATE_SUFFIX));
      moveIfPresent(kid + PUBLIC_SUFFIX, expired);
      moveIfPresent(kid + RETIRED_SUFFIX, expired);
      LOG.info("event=signing_key_expired kid={}", kid);
    }
  }

  private void moveIfPresent(String fileName, Path toDir) throws IOException {
    Path file = dir.resolve(fileName);
    if (Files.exists(file)) {
      Files.move(file, toDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The instant a retired key stops being published, or null if it has no retirement record. */
  private Instant retiredUntil(String kid) throws IOException {
    Path file = dir.resolve(kid + RETIRED_SUFFIX);
    byte[] content;
    try {
      content = PrivateFiles.readBounded(file, MAX_FILE_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      JsonObject record = new JsonObject(new String(content, StandardCharsets.UTF_8));
      if (!kid.equals(record.getValue("kid"))) {
        throw new IllegalArgumentException("wrong kid");
      }
      return Instant.parse(record.getString("publishUntil"));
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " is not a valid key retirement record");
    }
  }

  /** The kids of the files named {@code <kid><suffix>}, sorted; temp files and strangers are skipped. */
  private List<String> kidsWithSuffix(String suffix) throws IOException {
    List<String> kids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path file : entries) {
        String name = file.getFileName().toString();
        String kid = name.substring(0, name.length() - suffix.length());
        if (KID.matcher(kid).matches()) {
          kids.add(kid);
        }
      }
    }
    kids.sort(null);
    return kids;
  }

  private PublicKey publicKey(Path file) throws IOException {
    String pem = new String(PrivateFiles.readBounded(file, MAX_FILE_BYTES), StandardCharsets.US_ASCII);
    try {
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PublicKey key = KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
      if (!(key instanceof ECPublicKey ec) || !P256_ORDER.equals(ec.getParams().getOrder())) {
        throw new IllegalStateException(file + " is not a P-256 key, the only curve ES256 uses");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not a valid EC public key");
    }
  }

  private static BigInteger p256Order() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class).getOrder();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable", e);
    }
  }

  private String readText(String fileName) throws IOException {
    Path file = dir.resolve(fileName);
    try {
      return new String(PrivateFiles.readBounded(file, MAX_FILE_BYTES), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(dir.resolve(ACTIVE) + " names a key whose file " + file + " is missing");
    }
  }
}
