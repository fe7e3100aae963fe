package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    @Test
    void catalogueListsEveryTopicConstantOnce() {
        var constants = Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().equals(f.getName().toUpperCase()))
                .filter(f -> !f.getName().equals("DLT_SUFFIX"))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();

        assertThat(TopicCatalogue.all()).extracting(TopicCatalogue.TopicSpec::name)
                .containsExactlyInAnyOrderElementsOf(constants).doesNotHaveDuplicates();
    }

    @Test
    void topicNamesFollowTheHouseConvention() {
        assertThat(TopicCatalogue.all()).allSatisfy(t -> assertThat(t.name()).matches("[a-z]+\\.[a-z-]+\\.v[0-9]+"));
    }

    @Test
    void compactedTopicsCarryState() {
        assertThat(TopicCatalogue.all()).filteredOn(TopicCatalogue.TopicSpec::compacted)
                .extracting(TopicCatalogue.TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.REGISTRATIONS, Topics.FEED_RUNS, Topics.SUBSCRIPTIONS,
                        Topics.ENVIRONMENTS, Topics.PROFILES);
    }

    @Test
    void everyValueSchemaCarriesEventIdAndOccurredAtExceptTheSnapshot() {
        assertThat(TopicCatalogue.all()).filteredOn(t -> !t.name().equals(Topics.REGISTRATIONS))
                .allSatisfy(t -> {
                    assertThat(t.valueSchema().getField("eventId")).as(t.name() + " eventId").isNotNull();
                    assertThat(t.valueSchema().getField("occurredAt")).as(t.name() + " occurredAt").isNotNull();
                });
    }
}
