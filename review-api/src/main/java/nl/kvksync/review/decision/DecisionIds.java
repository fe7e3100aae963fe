package nl.kvksync.review.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import nl.kvksync.contracts.review.Decision;

/**
 * Deterministic decision ids: {@code d-} + the first 24 hex digits of SHA-256(subject | decision | attempt), where
 * the subject is the proposal id (or, for UNDO, the decision undone) and the attempt counts earlier failed
 * decisions on it. A client that retries the same request therefore names the same decision and publishes
 * nothing new.
 */
final class DecisionIds {

    private DecisionIds() {
    }

    static String of(String subject, Decision decision, int attempt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((subject + "|" + decision.name() + "|" + attempt).getBytes(StandardCharsets.UTF_8));
            return "d-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
