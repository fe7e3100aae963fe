package nl.kvksync.ingestor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The upload spool: every byte in order, the hash of exactly those bytes, and every Netty buffer released. */
class SpoolWriterTest {

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

    @TempDir
    Path dir;

    @Test
    void writesEveryPieceInOrderHashesThemAndReleasesEachOnce() throws Exception {
        writesEveryPieceInOrder(SpoolWriter.SYNC_BYTES);
    }

    @Test
    void backgroundForcesWhileWritingLeaveTheSameFileAndHash() throws Exception {
        // a force starts after every 256 KB: dozens of them run while later groups are hashed and written
        writesEveryPieceInOrder(256 * 1024);
    }

    private void writesEveryPieceInOrder(long syncBytes) throws Exception {
        Random random = new Random(7);
        List<byte[]> pieces = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 400; i++) {
            byte[] piece = new byte[1 + random.nextInt(SpoolWriter.BODY_PIECE_BYTES)];
            random.nextBytes(piece);
            pieces.add(piece);
            expected.write(piece);
        }
        Path file = dir.resolve("upload.part");

        // as Netty's HTTP decoder hands a body over: retained slices of the bytes received, which share that buffer's
        // reference count (an unpooled one), so a piece released twice takes the buffer away from the pieces after it
        byte[] all = expected.toByteArray();
        ByteBuf received = Unpooled.directBuffer(all.length);
        received.writeBytes(all);
        int[] offset = {0};
        Flux<DataBuffer> body = Flux.fromIterable(pieces).map(p -> {
            ByteBuf slice = received.retainedSlice(offset[0], p.length);
            offset[0] += p.length;
            return (DataBuffer) buffers.wrap(slice);
        }).doOnComplete(received::release);

        String hash = SpoolWriter.write(body, file, Schedulers.boundedElastic(), syncBytes)
                .block(Duration.ofSeconds(30));

        assertThat(Files.readAllBytes(file)).isEqualTo(all);
        assertThat(hash).isEqualTo(sha256(all));
        assertThat(received.refCnt()).isZero();
    }

    @Test
    void anEmptyBodyIsAnEmptyFile() throws Exception {
        Path file = dir.resolve("empty.part");
        String hash = SpoolWriter.write(Flux.empty(), file, Schedulers.boundedElastic()).block(Duration.ofSeconds(10));
        assertThat(file).isEmptyFile();
        assertThat(hash).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void aBodyThatBreaksOffFailsTheWriteAndReleasesWhatWasQueued() {
        List<ByteBuf> sent = new ArrayList<>();
        byte[] piece = new byte[300 * 1024];
        Flux<DataBuffer> body = Flux.range(0, 20).map(i -> wrap(piece, sent))
                .concatWith(Flux.error(new IOException("connection reset by peer")));

        assertThatThrownBy(() -> SpoolWriter.write(body, dir.resolve("broken.part"), Schedulers.boundedElastic())
                .block(Duration.ofSeconds(30))).hasMessageContaining("connection reset by peer");
        assertThat(sent).hasSize(20).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aSpoolThatCannotBeOpenedFailsWithoutTakingAByteOfTheBody() {
        List<ByteBuf> sent = new ArrayList<>();
        Flux<DataBuffer> body = Flux.range(0, 10).map(i -> wrap(new byte[200 * 1024], sent));

        // a directory where the file should go: opening it for writing fails
        assertThatThrownBy(() -> SpoolWriter.write(body, dir, Schedulers.boundedElastic())
                .block(Duration.ofSeconds(30))).hasCauseInstanceOf(IOException.class);
        assertThat(sent).isEmpty();
    }

    private DataBuffer wrap(byte[] bytes, List<ByteBuf> sent) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        buf.writeBytes(bytes);
        sent.add(buf);
        return buffers.wrap(buf);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
