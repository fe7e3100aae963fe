package nl.kvksync.ingestor.feed;

import nl.kvksync.contracts.kvk.RejectionReason;

/**
 * Turns the bytes of one feed line into a {@link FeedRecord} or a {@link Rejection}: too long, empty, invalid
 * UTF-8, not JSON, cut off, an array where the object belongs, or any field failing validation. Thread-safe.
 */
public final class FeedRecordReader {

    /** Exactly one of {@code record} and {@code rejection} is set. */
    public record Outcome(FeedRecord record, Rejection rejection) {
    }

    private final ProfileParser parser = new ProfileParser();
    private final RegistrationMapper mapper;
    private final int maxLineBytes;

    public FeedRecordReader(SbiCatalogue sbi, int maxLineBytes) {
        this.mapper = new RegistrationMapper(sbi);
        this.maxLineBytes = maxLineBytes;
    }

    public Outcome read(FeedLineReader.Line line) {
        if (line.tooLong()) {
            return new Outcome(null, Rejection.of(RejectionReason.LINE_TOO_LONG, null, "the line has "
                    + line.actualLength() + " bytes; a feed line may have at most " + maxLineBytes));
        }
        return read(line.bytes(), 0, line.length());
    }

    public Outcome read(byte[] bytes, int off, int len) {
        if (isBlank(bytes, off, len)) {
            return new Outcome(null, Rejection.of(RejectionReason.EMPTY_LINE, null,
                    "the line is empty; every line must hold one registration"));
        }
        int bad = Utf8.firstInvalid(bytes, off, len);
        if (bad >= 0) {
            return new Outcome(null, Rejection.of(RejectionReason.INVALID_UTF8, null,
                    "the line is not valid UTF-8 (first bad byte at column " + (bad - off + 1) + ", 0x"
                            + Integer.toHexString(bytes[bad] & 0xFF) + "); save the feed as UTF-8"));
        }
        try {
            return new Outcome(mapper.map(parser.parse(bytes, off, len)), null);
        } catch (Rejection.Exception e) {
            return new Outcome(null, e.rejection());
        }
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }
}
