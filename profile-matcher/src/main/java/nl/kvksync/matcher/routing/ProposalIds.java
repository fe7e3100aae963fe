package nl.kvksync.matcher.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import nl.kvksync.contracts.matcher.ProposalKind;

/**
 * Deterministic proposal ids: a name-based UUID (SHA-256, version 5 layout) of environment, registration key,
 * origin ({@code feed:<feedId>}, {@code import:<importId>}, {@code subscription:<version>}), kind and, for UPDATE
 * and ENDED, the organisation (two organisations of one environment may follow the same registration). Replaying
 * the same change yields the same id, so review-api stores it once.
 */
public final class ProposalIds {

    private ProposalIds() {
    }

    public static String feed(String feedId) {
        return "feed:" + feedId;
    }

    public static String importOrigin(String importId) {
        return "import:" + importId;
    }

    public static String subscription(long version) {
        return "subscription:" + version;
    }

    public static String of(String environmentId, String registrationKey, String origin, ProposalKind kind,
            String organisationId) {
        String name = String.join("\u001f", environmentId, registrationKey, origin, kind.name(),
                kind == ProposalKind.NEW || organisationId == null ? "" : organisationId);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(b.getLong(), b.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
