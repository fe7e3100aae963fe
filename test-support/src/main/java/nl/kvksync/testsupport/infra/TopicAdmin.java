package nl.kvksync.testsupport.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import nl.kvksync.contracts.TopicCatalogue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every catalogue topic and its dead-letter topic, with the right cleanup policy. Idempotent. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    public static void createAll(String bootstrapServers, int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicCatalogue.TopicSpec spec : TopicCatalogue.all()) {
            topics.add(new NewTopic(spec.name(), partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", spec.cleanupPolicy())));
            topics.add(new NewTopic(spec.deadLetterTopic(), partitions, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the topics on " + bootstrapServers + ": " + e, e);
        }
    }
}
