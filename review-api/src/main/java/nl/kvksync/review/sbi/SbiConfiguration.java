package nl.kvksync.review.sbi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SbiConfiguration {

    @Bean
    SbiCatalogue sbiCatalogue() {
        return SbiCatalogue.load();
    }
}
