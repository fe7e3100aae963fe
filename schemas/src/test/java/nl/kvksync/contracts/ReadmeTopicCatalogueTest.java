package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The README's topic table says what the code does: one row per catalogue topic, with the same facts. */
class ReadmeTopicCatalogueTest {

    @Test
    void readmeTopicTableMatchesTheCatalogue() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
                .dropWhile(line -> !line.startsWith("<!-- topic-catalogue"))
                .skip(3)
                .takeWhile(line -> line.startsWith("| `"))
                .toList();

        List<String> expected = TopicCatalogue.all().stream().map(t -> String.join(" | ",
                "`" + t.name() + "`" + (t.compacted() ? " (compacted)" : ""),
                t.key(),
                "`" + t.valueType().getSimpleName() + "`",
                t.producer(),
                String.join(", ", t.consumers()),
                "`" + t.deadLetterTopic() + "`")).toList();

        assertThat(rows.stream().map(ReadmeTopicCatalogueTest::cells).toList())
                .as("README.md topic catalogue (regenerate the rows from TopicCatalogue)")
                .containsExactlyElementsOf(expected);
    }

    private static String cells(String row) {
        return Arrays.stream(row.split("\\|")).map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.joining(" | "));
    }
}
