package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes an upload's body to a spool file and hashes it on the way. The server hands the body over in pieces (8 KB by
 * default, {@link #BODY_PIECE_BYTES} here); writing every 8 KB piece on its own, asynchronously, capped an upload at
 * ~130 MB/s (6-8 s for a million-line register). Here the pieces are gathered into ~1 MB groups on the event loop;
 * each group is hashed on one worker thread and then written in one go on another, so receiving, hashing and writing
 * overlap (one thread doing both took 1.5 CPU-s of a 2.9 s upload of 958 MB). At most {@link #GROUPS_IN_FLIGHT}
 * groups wait before each stage, so a slow disk slows the sender (back-pressure) instead of filling the heap. The
 * file is forced to disk before the hash is returned (an accepted upload survives a power cut); every
 * {@link #SYNC_BYTES} written, a force starts in the background, so that the last one waits only for the tail
 * instead of the whole file (0.8 s for 958 MB here). Every piece is released once written, and on an error or a
 * cancelled upload whatever is still queued is released too.
 */
final class SpoolWriter {

    /** The size of the pieces the server hands a request body over in (see RunsConfiguration). */
    static final int BODY_PIECE_BYTES = 64 * 1024;
    static final int GROUP_BYTES = 1 << 20;
    static final int GROUPS_IN_FLIGHT = 4;
    static final long SYNC_BYTES = 64L << 20;

    private SpoolWriter() {
    }

    /**
     * Writes {@code body} to {@code file} (created or truncated); completes with the content hash of the bytes.
     * {@code workers}: where hashing, writing and the background forces run (a thread each at a time).
     */
    static Mono<String> write(Flux<DataBuffer> body, Path file, Scheduler workers) {
        return write(body, file, workers, SYNC_BYTES);
    }

    /** As {@link #write(Flux, Path, Scheduler)}, starting a background force every {@code syncBytes} written. */
    static Mono<String> write(Flux<DataBuffer> body, Path file, Scheduler workers, long syncBytes) {
        return Mono.using(() -> new Sink(file, workers, syncBytes),
                sink -> body.bufferUntil(sink::closesGroup)
                        .publishOn(workers, GROUPS_IN_FLIGHT)
                        .doOnNext(sink::hash)
                        // a worker of its own: this group is written while the next one is hashed
                        .publishOn(workers, GROUPS_IN_FLIGHT)
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

    /**
     * The open spool file and the running hash. The hash is fed by the hashing stage and the file by the writing
     * stage, each one thread at a time and in order; {@link #finish()} runs after both.
     */
    private static final class Sink {

        private final FileChannel channel;
        private final Scheduler syncer;
        private final long syncBytes;
        private final ContentHash hash = new ContentHash();
        /** Bytes gathered into the current group; touched by the event loop only. */
        private long gathered;
        /** Bytes written since the last background force started; touched by the writing stage only. */
        private long unsynced;
        private CompletableFuture<Void> syncing = CompletableFuture.completedFuture(null);

        Sink(Path file, Scheduler syncer, long syncBytes) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.syncer = syncer;
            this.syncBytes = syncBytes;
        }

        boolean closesGroup(DataBuffer piece) {
            gathered += piece.readableByteCount();
            if (gathered >= GROUP_BYTES) {
                gathered = 0;
                return true;
            }
            return false;
        }

        void hash(List<DataBuffer> group) {
            for (DataBuffer piece : group) {
                // the views are valid while the iteration is open; reading them moves neither the piece nor its bytes
                try (DataBuffer.ByteBufferIterator it = piece.readableByteBuffers()) {
                    while (it.hasNext()) {
                        hash.update(it.next());
                    }
                }
            }
        }

        void write(List<DataBuffer> group) {
            try {
                for (DataBuffer piece : group) {
                    try (DataBuffer.ByteBufferIterator it = piece.readableByteBuffers()) {
                        while (it.hasNext()) {
                            ByteBuffer view = it.next();
                            unsynced += view.remaining();
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
            if (unsynced >= syncBytes && syncing.isDone()) {
                unsynced = 0;
                syncing = CompletableFuture.runAsync(this::force, syncer::schedule);
            }
        }

        private void force() {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the upload to the spool: " + e.getMessage(), e);
            }
        }

        String finish() throws IOException {
            try {
                syncing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
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
