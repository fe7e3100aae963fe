package nl.kvksync.ingestor.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A run's identity: the SHA-256 (hex) of its file's bytes, fed as they stream past (an upload) or read from disk (an
 * inbox file, a Mutatieservice window). Not thread-safe: one per file.
 */
final class ContentHash {

    private final MessageDigest digest;

    ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The content hash of a whole file. */
    static String of(Path file) {
        ContentHash hash = new ContentHash();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                hash.digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return hash.hex();
    }

    /** Adds the bytes from the view's position to its limit (the view's position moves; its content does not). */
    void update(ByteBuffer bytes) {
        digest.update(bytes);
    }

    /** The hash of everything added; the hash is finished after this. */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
