package nl.kvksync.ingestor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import nl.kvksync.ingestor.support.FeedLines;
import nl.kvksync.ingestor.support.IngestorContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InboxIT extends IngestorContext {

    @Autowired
    RunRegistry runs;

    @Test
    void aFileDroppedInTheInboxBecomesARunAndMovesToDone() throws Exception {
        FeedLines lines = new FeedLines(UUID.randomUUID().toString());
        Path inbox = stateDir().resolve("inbox");
        Files.createDirectories(inbox);
        String name = "week-" + lines.kvkNummer() + ".jsonl";
        Path part = inbox.resolve(name + ".part");
        Files.write(part, lines.join(lines.nieuw(lines.vestigingsnummer(1), "Inbox Bakkerij", "3011AA"),
                lines.nieuw(lines.vestigingsnummer(2), "Inbox Slagerij", "3011AB")));
        Files.move(part, inbox.resolve(name));

        await().atMost(Duration.ofSeconds(60)).until(() -> runs.all().stream()
                .anyMatch(r -> name.equals(r.name) && r.status == RunState.Status.COMPLETED));
        RunState run = runs.all().stream().filter(r -> name.equals(r.name)).findFirst().orElseThrow();
        assertThat(run.read).isEqualTo(2);
        assertThat(run.published).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done").resolve(name)));
        assertThat(inbox.resolve(name)).doesNotExist();
    }
}
