package nl.kvksync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import nl.kvksync.testsupport.infra.Readiness;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void freePortsAreNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Readiness.freePort();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(Readiness.listening(port)).isFalse();
        }
    }
}
