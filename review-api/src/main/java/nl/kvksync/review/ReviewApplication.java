package nl.kvksync.review;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.KafkaCompression;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReviewApplication {

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        KafkaCompression.preferNativeLz4();
        SpringApplication.run(ReviewApplication.class, args);
    }
}
