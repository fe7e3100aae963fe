package nl.kvksync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.testsupport.security.JwtIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTokenTest {

    static final Duration FOLLOW = Duration.ofHours(2);

    @TempDir
    Path jwt;

    @Test
    void signsOnceAndReusesTheKeptTokenOwnerOnly() throws IOException {
        String first = CliToken.ingest(jwt, FOLLOW);
        Instant expires = CliToken.expiry(first);
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));
        assertThat(CliToken.ingest(jwt, FOLLOW)).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(jwt.resolve(CliToken.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(jwt)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("private.pem", "public.pem", CliToken.FILE);
        }
    }

    @Test
    void aTokenKeptForAnotherKeyIsSignedAgainWithTheNewKeyWhateverTheFileTimes() throws Exception {
        String first = CliToken.ingest(jwt, FOLLOW);
        Files.delete(jwt.resolve("private.pem"));
        Files.delete(jwt.resolve("public.pem"));
        JwtIssuer regenerated = JwtIssuer.loadOrCreate(jwt);
        // a key restored with old times (cp -p, a backup) must not make the old token look current
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        Files.setLastModifiedTime(jwt.resolve("private.pem"), old);
        Files.setLastModifiedTime(jwt.resolve("public.pem"), old);

        String second = CliToken.ingest(jwt, FOLLOW);
        assertThat(second).isNotEqualTo(first);
        RSASSAVerifier newKey = new RSASSAVerifier(regenerated.publicKey());
        assertThat(SignedJWT.parse(first).verify(newKey)).isFalse();
        assertThat(SignedJWT.parse(second).verify(newKey)).isTrue();
        assertThat(CliToken.ingest(jwt, FOLLOW)).isEqualTo(second);
    }

    @Test
    void aTokenThatCouldExpireWhileTheCommandFollowsARunIsReplaced() throws IOException {
        String kept = CliToken.ingest(jwt, FOLLOW); // valid 12 hours
        assertThat(CliToken.ingest(jwt, Duration.ofHours(10))).isEqualTo(kept);

        String longer = CliToken.ingest(jwt, Duration.ofHours(11).plusMinutes(30));
        assertThat(longer).isNotEqualTo(kept);
        assertThat(CliToken.expiry(longer)).isAfter(Instant.now().plus(Duration.ofHours(13)));
    }

    @Test
    void aShortLivedOrUnreadableKeptTokenIsNotSent() throws IOException {
        String shortLived = JwtIssuer.loadOrCreate(jwt).token("kvk-ingest", List.of(AccessClaims.KVK_ADMIN),
                List.of(AccessClaims.ALL_ENVIRONMENTS), Duration.ofMinutes(90));
        String fingerprint = CliToken.fingerprint(jwt.resolve("public.pem"));
        Files.writeString(jwt.resolve(CliToken.FILE), fingerprint + "\n" + shortLived + "\n");
        assertThat(CliToken.usable(jwt.resolve(CliToken.FILE), fingerprint, Duration.ZERO)).isEqualTo(shortLived);
        assertThat(CliToken.usable(jwt.resolve(CliToken.FILE), fingerprint, FOLLOW)).isNull();

        Files.writeString(jwt.resolve(CliToken.FILE), fingerprint + "\nnot a token\n");
        assertThat(CliToken.usable(jwt.resolve(CliToken.FILE), fingerprint, Duration.ZERO)).isNull();
        assertThat(CliToken.expiry(CliToken.ingest(jwt, FOLLOW))).isAfter(Instant.now().plus(FOLLOW));
    }
}
