package nl.kvksync.review.proposal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the index and fills it from MongoDB once every bean exists, before the Kafka listeners start. */
@Configuration(proxyBeanMethods = false)
class ProposalIndexLoader {

    private static final Logger log = LoggerFactory.getLogger(ProposalIndexLoader.class);

    @Bean
    ProposalIndex proposalIndex() {
        return new ProposalIndex();
    }

    @Bean
    SmartInitializingSingleton proposalIndexRebuild(ProposalIndex index, ProposalStore store) {
        return () -> {
            long started = System.nanoTime();
            store.forEachOpen(index::put);
            log.info("proposal index rebuilt: {} open proposals in {} ms", index.size(),
                    (System.nanoTime() - started) / 1_000_000);
        };
    }
}
