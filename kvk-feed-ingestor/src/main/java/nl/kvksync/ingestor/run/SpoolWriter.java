package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes an upload's body to a spool file and hashes it on the way. The server hands the body over in pieces (8 KB by
 * default, {@link #BODY_PIECE_BYTES} here); writing every 8 KB piece on its own, asynchronously, capped an upload at
 * ~130 MB/s (6-8 s for a million-line register). Here the pieces are gathered into ~1 MB groups on the event loop and
 * each group is written on a worker thread in one go; at most {@link #GROUPS_IN_FLIGHT} groups wait, so a slow disk
 * slows the sender (back-pressure) instead of filling the heap. The file is forced to disk before the hash is
 * returned (an accepted upload survives a power cut). Every piece is released once written, and on an error or a
 * cancelled upload whatever is still queued is released too.
 */
final class SpoolWriter {

    /** The size of the pieces the server hands a request body over in (see RunsConfiguration). */
    static final int BODY_PIECE_BYTES = 64 * 1024;
    static final int GROUP_BYTES = 1 << 20;
    static final int GROUPS_IN_FLIGHT = 4;

    private SpoolWriter() {
    }

    /** Writes {@code body} to {@code file} (created or truncated); completes with the content hash of the bytes. */
    static Mono<String> write(Flux<DataBuffer> body, Path file, Scheduler writer) {
        return Mono.using(() -> new Sink(file),
                sink -> body.bufferUntil(sink::closesGroup)
                        .publishOn(writer, GROUPS_IN_FLIGHT)
                        // emits nothing: then() would hand each written (released) group to the discard hooks below
                        .<Void>handle((group, ignored) -> sink.write(group))
                        .then(Mono.fromCallable(sink::finish)),
                Sink::close)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .doOnDiscard(Collection.class, SpoolWriter::releaseAll);
    }

    private static void releaseAll(Collection<?> pieces) {
        for (Object piece : pieces) {
            if (piece instanceof DataBuffer b) {
                DataBufferUtils.release(b);
            }
        }
    }

    /** The open spool file and the running hash; used by one thread at a time (the write thread, in order). */
    private static final class Sink {

        private final FileChannel channel;
        private final ContentHash hash = new ContentHash();
        /** Bytes gathered into the current group; touched by the event loop only. */
        private long gathered;

        Sink(Path file) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        boolean closesGroup(DataBuffer piece) {
            gathered += piece.readableByteCount();
            if (gathered >= GROUP_BYTES) {
                gathered = 0;
                return true;
            }
            return false;
        }

        void write(List<DataBuffer> group) {
            try {
                for (DataBuffer piece : group) {
                    // the views are valid while the iteration is open
                    try (DataBuffer.ByteBufferIterator it = piece.readableByteBuffers()) {
                        while (it.hasNext()) {
                            ByteBuffer view = it.next();
                            hash.update(view.duplicate());
                            while (view.hasRemaining()) {
                                channel.write(view);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the upload to the spool: " + e.getMessage(), e);
            } finally {
                releaseAll(group);
            }
        }

        String finish() throws IOException {
            channel.force(false);
            return hash.hex();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was lost: a failed close after finish() follows a forced write; otherwise the upload failed
            }
        }
    }
}
