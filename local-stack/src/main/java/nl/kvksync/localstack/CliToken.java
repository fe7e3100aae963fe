package nl.kvksync.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.testsupport.security.JwtIssuer;

/**
 * The token {@code ./kvk ingest} sends when it is given none: role kvk-admin for every environment, signed with the
 * local stack's key ({@code .kvk/jwt/}) and kept in {@code .kvk/jwt/ingest.token} (owner-only, beside the private
 * key itself), so that a command does not load the key and a JWT library (~0.3 s) before its upload starts. A kept
 * token is used while it is valid for more than another hour and is younger than the key; otherwise a new one is
 * signed (valid 12 hours) and kept.
 */
final class CliToken {

    static final String FILE = "ingest.token";
    static final Duration VALIDITY = Duration.ofHours(12);
    static final Duration MARGIN = Duration.ofHours(1);

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    private CliToken() {
    }

    static String ingest(Path jwtDir) {
        Path kept = jwtDir.resolve(FILE);
        String token = usable(kept, jwtDir.resolve("private.pem"));
        if (token != null) {
            return token;
        }
        token = JwtIssuer.loadOrCreate(jwtDir).token("kvk-ingest", List.of(AccessClaims.KVK_ADMIN),
                List.of(AccessClaims.ALL_ENVIRONMENTS), VALIDITY);
        keep(kept, token);
        return token;
    }

    /** The kept token, or null when there is none, it is older than the key, or it expires within the margin. */
    static String usable(Path kept, Path privateKey) {
        try {
            if (!Files.isRegularFile(kept) || !Files.isRegularFile(privateKey)) {
                return null;
            }
            FileTime keptAt = Files.getLastModifiedTime(kept);
            if (keptAt.compareTo(Files.getLastModifiedTime(privateKey)) <= 0) {
                return null;
            }
            String token = Files.readString(kept, StandardCharsets.US_ASCII).strip();
            Instant expires = expiry(token);
            return expires != null && expires.isAfter(Instant.now().plus(MARGIN)) ? token : null;
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

    private static void keep(Path kept, String token) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(kept.getParent(), "ingest", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token, StandardCharsets.US_ASCII);
            Files.move(tmp, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // not kept: the next command signs again
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
