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

    @TempDir
    Path jwt;

    @Test
    void signsOnceAndReusesTheKeptTokenOwnerOnly() throws IOException {
        String first = CliToken.ingest(jwt);
        Instant expires = CliToken.expiry(first);
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));
        assertThat(CliToken.ingest(jwt)).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(jwt.resolve(CliToken.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(jwt)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("private.pem", "public.pem", CliToken.FILE);
        }
    }

    @Test
    void aTokenOlderThanTheKeyIsSignedAgainWithTheNewKey() throws Exception {
        String first = CliToken.ingest(jwt);
        Files.delete(jwt.resolve("private.pem"));
        Files.delete(jwt.resolve("public.pem"));
        JwtIssuer regenerated = JwtIssuer.loadOrCreate(jwt);
        Files.setLastModifiedTime(jwt.resolve(CliToken.FILE), FileTime.from(Instant.now().minusSeconds(60)));

        String second = CliToken.ingest(jwt);
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(jwt.resolve(CliToken.FILE))).isEqualTo(second);
        RSASSAVerifier newKey = new RSASSAVerifier(regenerated.publicKey());
        assertThat(SignedJWT.parse(first).verify(newKey)).isFalse();
        assertThat(SignedJWT.parse(second).verify(newKey)).isTrue();
    }

    @Test
    void aTokenThatExpiresWithinTheHourIsReplaced() throws IOException {
        String shortLived = JwtIssuer.loadOrCreate(jwt).token("kvk-ingest", List.of(AccessClaims.KVK_ADMIN),
                List.of(AccessClaims.ALL_ENVIRONMENTS), Duration.ofMinutes(30));
        Files.writeString(jwt.resolve(CliToken.FILE), shortLived);
        Files.setLastModifiedTime(jwt.resolve(CliToken.FILE), FileTime.from(Instant.now().plusSeconds(1)));

        assertThat(CliToken.usable(jwt.resolve(CliToken.FILE), jwt.resolve("private.pem"))).isNull();
        assertThat(CliToken.ingest(jwt)).isNotEqualTo(shortLived);
    }

    @Test
    void garbageInTheFileIsNotSent() throws IOException {
        JwtIssuer.loadOrCreate(jwt);
        Files.writeString(jwt.resolve(CliToken.FILE), "not a token");
        Files.setLastModifiedTime(jwt.resolve(CliToken.FILE), FileTime.from(Instant.now().plusSeconds(1)));
        assertThat(CliToken.usable(jwt.resolve(CliToken.FILE), jwt.resolve("private.pem"))).isNull();
        assertThat(CliToken.expiry(CliToken.ingest(jwt))).isAfter(Instant.now());
    }
}
