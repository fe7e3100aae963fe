package nl.kvksync.testsupport.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import nl.kvksync.contracts.AccessClaims;

/**
 * The local token issuer: an RSA key the local stack generates and keeps under {@code .kvk/jwt/}, whose public
 * half the services trust ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}). Tokens name
 * the caller's roles ({@value #ROLES_CLAIM}) and the environments it may touch ({@value #ENVIRONMENTS_CLAIM};
 * {@code *} for all). In production an identity provider issues tokens with the same claims.
 */
public final class JwtIssuer {

    public static final String ISSUER = "kvk-sync-local";
    public static final String ROLES_CLAIM = AccessClaims.ROLES;
    public static final String ENVIRONMENTS_CLAIM = AccessClaims.ENVIRONMENTS;
    public static final String KEY_ID = "kvk-sync-local-1";

    private final RSAPublicKey publicKey;
    private final RSAPrivateKey privateKey;
    private final Path publicKeyPem;

    private JwtIssuer(RSAPublicKey publicKey, RSAPrivateKey privateKey, Path publicKeyPem) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** Loads the key pair from {@code dir} ({@code private.pem}, {@code public.pem}), generating it on first use. */
    public static synchronized JwtIssuer loadOrCreate(Path dir) {
        Path privatePem = dir.resolve("private.pem");
        Path publicPem = dir.resolve("public.pem");
        try {
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                Files.createDirectories(dir);
                KeyPair pair = generate();
                Path tmpPrivate = Files.createTempFile(dir, "private", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmpPrivate, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.move(tmpPrivate, privatePem, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey priv = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(unpem(privatePem)));
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(unpem(publicPem)));
            return new JwtIssuer(pub, priv, publicPem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the JWT keys in " + dir, e);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JWT keys in " + dir + " are unreadable; delete the folder to "
                    + "generate new ones", e);
        }
    }

    /** A throw-away issuer for one test JVM. */
    public static JwtIssuer ephemeral() {
        try {
            return loadOrCreate(Files.createTempDirectory("kvk-jwt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM file the services are configured with. */
    public Path publicKeyPem() {
        return publicKeyPem;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String token(String subject, Collection<String> roles, Collection<String> environments, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(ROLES_CLAIM, List.copyOf(roles))
                .claim(ENVIRONMENTS_CLAIM, List.copyOf(environments))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID)
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /** A token for one environment and one role, valid for an hour. */
    public String token(String subject, String role, String environment) {
        return token(subject, List.of(role), List.of(environment), Duration.ofHours(1));
    }

    private static KeyPair generate() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
