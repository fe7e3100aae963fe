package nl.kvksync.testsupport.spring;

import java.time.Duration;
import java.util.List;

import nl.kvksync.testsupport.security.JwtIssuer;

/** Tokens signed by this test JVM's issuer, which every {@link KvkStack} context trusts. */
public final class TestTokens {

    private static JwtIssuer issuer;

    private TestTokens() {
    }

    public static synchronized JwtIssuer issuer() {
        if (issuer == null) {
            issuer = JwtIssuer.ephemeral();
        }
        return issuer;
    }

    public static String token(String role, String... environments) {
        return issuer().token("test-" + role, List.of(role), List.of(environments), Duration.ofHours(1));
    }

    public static String bearer(String role, String... environments) {
        return "Bearer " + token(role, environments);
    }
}
