package nl.kvksync.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.testsupport.security.JwtIssuer;

/**
 * The token {@code ./kvk ingest} sends when it is given none: role kvk-admin for every environment, signed with the
 * local stack's key ({@code .kvk/jwt/}) and kept in {@code .kvk/jwt/ingest.token} (owner-only, beside the private
 * key itself) with the fingerprint of the public key it was signed for, so that a command does not load the key and
 * a JWT library (~0.3 s) before its upload starts. A kept token is used while the public key is still the same and
 * the token stays valid for as long as the command may need it plus an hour; otherwise a new one is signed and kept.
 */
final class CliToken {

    static final String FILE = "ingest.token";
    static final Duration VALIDITY = Duration.ofHours(12);
    static final Duration MARGIN = Duration.ofHours(1);

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    private CliToken() {
    }

    /** A token valid for at least {@code needed} (the longest the command may follow a run) and an hour more. */
    static String ingest(Path jwtDir, Duration needed) {
        Path kept = jwtDir.resolve(FILE);
        Path publicPem = jwtDir.resolve("public.pem");
        String fingerprint = fingerprint(publicPem);
        String token = fingerprint == null ? null : usable(kept, fingerprint, needed);
        if (token != null) {
            return token;
        }
        Duration validity = needed.plus(MARGIN).compareTo(VALIDITY) > 0 ? needed.plus(MARGIN.multipliedBy(2)) : VALIDITY;
        token = JwtIssuer.loadOrCreate(jwtDir).token("kvk-ingest", List.of(AccessClaims.KVK_ADMIN),
                List.of(AccessClaims.ALL_ENVIRONMENTS), validity);
        if (fingerprint == null) {
            fingerprint = fingerprint(publicPem); // the key was created just now
        }
        if (fingerprint != null) {
            keep(kept, fingerprint + "\n" + token + "\n");
        }
        return token;
    }

    /**
     * The kept token, or null when there is none, it was signed for another public key, or it expires within
     * {@code needed} and the margin.
     */
    static String usable(Path kept, String fingerprint, Duration needed) {
        try {
            if (!Files.isRegularFile(kept)) {
                return null;
            }
            List<String> lines = Files.readAllLines(kept, StandardCharsets.US_ASCII);
            if (lines.size() < 2 || !lines.get(0).strip().equals(fingerprint)) {
                return null;
            }
            String token = lines.get(1).strip();
            Instant expires = expiry(token);
            return expires != null && expires.isAfter(Instant.now().plus(needed).plus(MARGIN)) ? token : null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or not a JWT: sign a new one
        }
    }

    /** The {@code exp} claim of a compact JWT, or null when it has none. */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher m = EXP.matcher(claims);
        return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
    }

    /** SHA-256 of the public key file, or null when there is none yet. */
    static String fingerprint(Path publicPem) {
        try {
            if (!Files.isRegularFile(publicPem)) {
                return null;
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(publicPem)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void keep(Path kept, String content) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(kept.getParent(), "ingest", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            // not kept (or a file system without POSIX permissions): the token was signed all the same and is
            // used; the next command signs another. A half-written temporary file is removed, if there is one.
            if (tmp != null) {
                tmp.toFile().delete();
            }
        }
    }
}
