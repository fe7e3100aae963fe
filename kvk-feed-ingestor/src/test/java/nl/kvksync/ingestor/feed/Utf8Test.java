package nl.kvksync.ingestor.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link Utf8#firstInvalid} against the JDK's strict UTF-8 decoder, on lines with long ASCII runs and odd offsets. */
class Utf8Test {

    /** Pieces a generated line is made of: ASCII runs of every length around the 8-byte word, and UTF-8, good and bad. */
    private static final byte[][] PIECES = {
        "a".getBytes(StandardCharsets.US_ASCII), "abcdefg".getBytes(StandardCharsets.US_ASCII),
        "abcdefgh".getBytes(StandardCharsets.US_ASCII), "{\"naam\":\"Bakkerij de Zon\"}".getBytes(StandardCharsets.US_ASCII),
        "ä".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xE4}, // Latin-1 ä
        {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xE2, (byte) 0x82}, // cut short
        {(byte) 0x80}, // a lone continuation byte
        {(byte) 0xFF},
    };

    @Test
    void findsTheSameFirstBadByteAsTheJdkDecoder() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            ByteBuffer line = ByteBuffer.allocate(256);
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                // mostly good pieces, so that bad bytes land at every position
                byte[] piece = PIECES[random.nextInt(4) == 0 ? random.nextInt(PIECES.length) : random.nextInt(7)];
                if (line.remaining() >= piece.length) {
                    line.put(piece);
                }
            }
            int off = random.nextInt(3);
            byte[] bytes = new byte[off + line.position() + 9];
            java.util.Arrays.fill(bytes, (byte) 0xFF); // bad bytes around the line: reading outside it shows
            System.arraycopy(line.array(), 0, bytes, off, line.position());
            int len = line.position();
            assertThat(Utf8.firstInvalid(bytes, off, len)).as("line %d", n).isEqualTo(jdk(bytes, off, len));
        }
    }

    @Test
    void pointsAtABadByteAfterLongAsciiRuns() {
        byte[] line = "{\"kvkNummer\":\"69599084\",\"naam\":\"Bxkkerij\"}".getBytes(StandardCharsets.US_ASCII);
        int at = line.length - 9;
        line[at] = (byte) 0xE4;
        assertThat(Utf8.firstInvalid(line, 0, line.length)).isEqualTo(at);
        assertThat(Utf8.firstInvalid(line, 0, at)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(line, at + 1, line.length - at - 1)).isEqualTo(-1);
    }

    private static int jdk(byte[] bytes, int off, int len) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, off, len);
        CharBuffer out = CharBuffer.allocate(len * 2 + 2);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        return in.hasRemaining() ? in.position() : -1;
    }
}
