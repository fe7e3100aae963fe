package nl.kvksync.ingestor.feed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Splits a feed into lines of bytes: {@code \n} ends a line, a {@code \r} before it is dropped, a last line without
 * {@code \n} counts. Gzip is recognised by its magic bytes, whatever the file is called. A line longer than
 * {@code maxLineBytes} is not buffered: its bytes are skipped up to the next newline and the line is reported as
 * too long, so a 10 MB line costs no memory. Not thread-safe; one reader per run.
 */
public final class FeedLineReader implements AutoCloseable {

    /** One physical line; {@code bytes} is reused by the next call to {@link #next()}. */
    public record Line(long number, byte[] bytes, int length, boolean tooLong, long actualLength) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private long number;
    private boolean eof;

    public FeedLineReader(InputStream raw, int maxLineBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        this.in = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        this.maxLineBytes = maxLineBytes;
    }

    /** True when the stream starts with the gzip magic bytes. */
    public static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
    }

    /** Lines already returned by {@link #next()}. */
    public long linesRead() {
        return number;
    }

    /**
     * The next line, or null at the end of the feed. A corrupt or cut-off gzip stream throws {@link IOException}
     * after the last complete line.
     */
    public Line next() throws IOException {
        if (eof) {
            return null;
        }
        int length = 0;
        long actual = 0;
        boolean sawAny = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    eof = true;
                    if (!sawAny) {
                        return null;
                    }
                    return finish(length, actual);
                }
                chunkPos = 0;
                chunkEnd = n;
            }
            sawAny = true;
            int start = chunkPos;
            int nl = -1;
            for (int i = start; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int stop = nl < 0 ? chunkEnd : nl;
            int n = stop - start;
            actual += n;
            if (actual <= maxLineBytes) {
                if (length + n > line.length) {
                    line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, length + n), maxLineBytes + 1));
                }
                System.arraycopy(chunk, start, line, length, n);
                length += n;
            }
            if (nl >= 0) {
                chunkPos = nl + 1;
                return finish(length, actual);
            }
            chunkPos = chunkEnd;
        }
    }

    private Line finish(int length, long actual) {
        number++;
        boolean tooLong = actual > maxLineBytes;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Line(number, line, tooLong ? 0 : length, tooLong, actual);
    }

    /** Skips {@code lines} lines (resuming a run after its checkpoint). */
    public void skip(long lines) throws IOException {
        while (number < lines && next() != null) {
            // the lines before the checkpoint were already committed
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
