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
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Signing keys under {@code <dataDir>/keys/} (mode 700): {@code <kid>.key.pem} (PKCS#8, mode 600),
 * {@code <kid>.pub.pem} (SPKI) and {@code active}, which names the kid that signs. The first start
 * generates an ES256 key; later starts load the same one, so tokens issued before a restart stay
 * valid. Every {@code *.pub.pem} present is published in the JWKS, which lets an operator keep an
 * old key verifiable after switching {@code active} to a new one.
 *
 * <p>Blocks on disk; call at start, off the event loop.
 */
public final class SigningKeyStore {
  static final String ACTIVE = "active";
  static final String PRIVATE_SUFFIX = ".key.pem";
  static final String PUBLIC_SUFFIX = ".pub.pem";
  /** Kids are UUIDs when we make them; anything outside this never becomes part of a path. */
  static final Pattern KID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
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
   * Loads the active key and every public key, generating and persisting a key if there is no
   * active one yet.
   *
   * @throws IllegalStateException if a key file is damaged (the server must not start then)
   */
  public KeySet loadOrCreate() throws IOException {
    PrivateFiles.ensureDirectory(dir);
    boolean generated = false;
    SigningKey active;
    String kid = readActiveKid();
    if (kid == null) {
      active = SigningKey.generate();
      persist(active);
      generated = true;
    } else {
      active = SigningKey.fromPem(kid, readText(kid + PRIVATE_SUFFIX), readText(kid + PUBLIC_SUFFIX));
    }
    return new KeySet(active, publicJwks(), generated);
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

  /** Key files first, then {@code active}: a crash in between leaves no pointer to a missing key. */
  private void persist(SigningKey key) throws IOException {
    PrivateFiles.writeAtomically(dir.resolve(key.kid() + PRIVATE_SUFFIX),
        key.privatePem().getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeAtomically(dir.resolve(key.kid() + PUBLIC_SUFFIX),
        key.publicPem().getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeAtomically(dir.resolve(ACTIVE), (key.kid() + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private List<JsonObject> publicJwks() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + PUBLIC_SUFFIX)) {
      entries.forEach(files::add);
    }
    files.sort(null);
    List<JsonObject> jwks = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      String kid = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
      if (!KID.matcher(kid).matches()) {
        continue; // temp files and anything else that is not one of our keys
      }
      jwks.add(new SigningKey(kid, new KeyPair(publicKey(file), null)).publicJwk());
    }
    return jwks;
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
