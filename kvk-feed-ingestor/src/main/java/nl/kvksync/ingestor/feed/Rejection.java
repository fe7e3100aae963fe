package nl.kvksync.ingestor.feed;

import nl.kvksync.contracts.kvk.RejectionReason;

/**
 * Why a feed record was refused: the reason, the offending field as the feed names it ({@code adressen[0].postcode};
 * null when the line as a whole is unreadable), a sentence a person can act on and the offending value (cut to 200
 * characters).
 */
public record Rejection(RejectionReason reason, String field, String detail, String value) {

    public static final int MAX_VALUE = 200;

    public Rejection {
        if (value != null && value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE);
        }
    }

    public static Rejection of(RejectionReason reason, String field, String detail) {
        return new Rejection(reason, field, detail, null);
    }

    /** Thrown while parsing and mapping; carries no stack trace (a rejection is an expected outcome). */
    public static final class Exception extends RuntimeException {
        private final transient Rejection rejection;

        public Exception(Rejection rejection) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    public static Exception reject(RejectionReason reason, String field, String detail, String value) {
        return new Exception(new Rejection(reason, field, detail, value));
    }
}
