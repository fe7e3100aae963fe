package nl.kvksync.review.platform;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling: the token's subject (recorded as decidedBy / requestedBy) and its raw value (forwarded). */
public record Caller(String subject, String bearer) {

    public static Caller of(Jwt jwt) {
        return new Caller(jwt.getSubject() == null ? "unknown" : jwt.getSubject(), "Bearer " + jwt.getTokenValue());
    }
}
